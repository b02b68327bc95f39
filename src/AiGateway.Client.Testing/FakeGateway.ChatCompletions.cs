using System.Net;

namespace AiGateway.Client.Testing;

/// <summary>The ChatCompletions rendering of <see cref="FakeReply"/>.</summary>
public sealed partial class FakeGateway
{
    private static HttpResponseMessage RenderChatCompletions(FakeRequest request, FakeReply reply, int id) =>
        new(HttpStatusCode.NotImplemented) { Content = new StringContent("FakeGateway does not speak ChatCompletions yet.") };
}
