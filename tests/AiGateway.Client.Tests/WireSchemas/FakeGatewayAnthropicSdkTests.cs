using System.Text.Json;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using AnthropicMessage = Anthropic.Models.Messages.Message;
using AnthropicStreamEvent = Anthropic.Models.Messages.RawMessageStreamEvent;

namespace AiGateway.Client.Tests.WireSchemas;

/// <summary>
/// Anthropic publishes no machine-readable schema, so FakeGateway's Messages replies are read by the official
/// Anthropic .NET SDK's models and checked with their <c>Validate()</c>, which is what the SDK's
/// <c>ResponseValidation = true</c> runs on every reply.
/// </summary>
public sealed class FakeGatewayAnthropicSdkTests
{
    public static TheoryData<string> Replies => new(ReplyFor.Keys);

    private static readonly Dictionary<string, Func<FakeReply>> ReplyFor = new()
    {
        ["text"] = () => FakeReply.WithText("Hello there, how are you?"),
        ["thinking"] = () => new FakeReply { Reasoning = "Let me think about it.", Text = "42." },
        ["tool use"] = () => FakeReply.WithToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}"""), new FakeToolCall("get_time", """{"zone":"CET"}""")),
        ["max tokens"] = () => new FakeReply { Text = "Cut sh", FinishReason = "max_tokens" },
        ["gateway cost"] = () => new FakeReply { Text = "Priced.", Cost = 0.0123m },
        ["hosted tools"] = () => new FakeReply
        {
            HostedToolCalls = [FakeHostedToolCall.WebSearch("paris", "https://example.org/paris"), FakeHostedToolCall.CodeExecution("print(1)", "1\n")],
            Citations = [new FakeCitation("https://example.org/paris", "Paris")],
            Text = "Found.",
        },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task Whole_reply_passes_the_sdks_strict_validation(string reply)
    {
        var body = Assert.Single(await ReplyBodiesAsync(ReplyFor[reply](), stream: false));

        var message = JsonSerializer.Deserialize<AnthropicMessage>(body)!;

        message.Validate();
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task Every_streamed_event_passes_the_sdks_strict_validation(string reply)
    {
        var sse = Assert.Single(await ReplyBodiesAsync(ReplyFor[reply](), stream: true));

        // `ping` is a keep-alive the SDK skips before it reads events (it is no RawMessageStreamEvent).
        var events = sse.Split('\n')
            .Where(l => l.StartsWith("data: ", StringComparison.Ordinal) && !l.Contains("\"type\":\"ping\"", StringComparison.Ordinal))
            .Select(l => l["data: ".Length..])
            .ToList();
        Assert.NotEmpty(events);
        foreach (var data in events)
        {
            JsonSerializer.Deserialize<AnthropicStreamEvent>(data)!.Validate();
        }
    }

    private static async Task<List<string>> ReplyBodiesAsync(FakeReply reply, bool stream)
    {
        var fake = new FakeGateway().Enqueue(reply);
        var bodies = new List<string>();
        using var client = new TestGateway().CreateClient(new Recorder(fake, bodies), "anthropic/claude-sonnet-4.5", ChatDialect.Messages);
        var options = new ChatOptions().WithDialect(ChatDialect.Messages);
        if (stream)
        {
            await client.GetStreamingResponseAsync("Hi", options).ToListAsync();
        }
        else
        {
            await client.GetResponseAsync("Hi", options);
        }

        return bodies;
    }

    private sealed class Recorder(HttpMessageHandler inner, List<string> bodies) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            bodies.Add(text);
            var copy = new StringContent(text);
            copy.Headers.ContentType = response.Content.Headers.ContentType;
            response.Content = copy;
            return response;
        }
    }
}
