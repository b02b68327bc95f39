using System.Net;

namespace AiGateway.Client.Testing;

/// <summary>The Messages rendering of <see cref="FakeReply"/>.</summary>
public sealed partial class FakeGateway
{
    private static HttpResponseMessage RenderMessages(FakeRequest request, FakeReply reply, int id) =>
        new(HttpStatusCode.NotImplemented) { Content = new StringContent("FakeGateway does not speak Messages yet.") };
}
