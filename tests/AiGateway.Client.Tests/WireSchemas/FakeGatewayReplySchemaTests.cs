using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.WireSchemas;

/// <summary>
/// Every reply <see cref="FakeGateway"/> renders, whole or streamed, is valid under the provider's published response
/// schema: <c>CreateChatCompletionResponse</c>/<c>CreateChatCompletionStreamResponse</c>, <c>Response</c>/
/// <c>ResponseStreamEvent</c>, v1beta <c>GenerateContentResponse</c>. (Messages replies are checked by the official
/// Anthropic SDK in <see cref="FakeGatewayAnthropicSdkTests"/>.)
/// </summary>
public sealed class FakeGatewayReplySchemaTests
{
    public static TheoryData<ChatDialect, string> Matrix()
    {
        var data = new TheoryData<ChatDialect, string>();
        foreach (var dialect in (ChatDialect[])[ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.GenerateContent])
        {
            foreach (var reply in Replies.Keys)
            {
                data.Add(dialect, reply);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<FakeReply>> Replies = new()
    {
        ["text"] = () => FakeReply.WithText("Hello there, how are you?"),
        ["reasoning"] = () => new FakeReply { Reasoning = "Let me think about it.", Text = "42." },
        ["tool calls"] = () => FakeReply.WithToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}"""), new FakeToolCall("get_time", """{"zone":"CET"}""")),
        ["image"] = () => new FakeReply { Image = ([1, 2, 3], "image/png"), Text = "Here it is." },
        ["length"] = () => new FakeReply { Text = "Cut sh", FinishReason = "length" },
        ["gateway cost"] = () => new FakeReply { Text = "Priced.", Cost = 0.0123m },
        ["hosted tools"] = () => new FakeReply
        {
            HostedToolCalls = [FakeHostedToolCall.WebSearch("paris", "https://example.org/paris"), FakeHostedToolCall.CodeExecution("print(1)", "1\n")],
            Citations = [new FakeCitation("https://example.org/paris", "Paris")],
            Text = "Found.",
        },
    };

    private static string ModelFor(ChatDialect dialect) => dialect == ChatDialect.GenerateContent ? "google/gemini-2.5-flash" : "openai/gpt-5.4";

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Whole_reply_is_valid_under_the_providers_schema(ChatDialect dialect, string reply)
    {
        var recorder = new ReplyRecorder(new FakeGateway().Enqueue(FixFinishReason(dialect, Replies[reply]())));
        using var client = new TestGateway().CreateClient(recorder, ModelFor(dialect), dialect);

        await client.GetResponseAsync("Hi", new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.Summary } }.WithDialect(dialect));

        var body = Assert.Single(recorder.Bodies);
        switch (dialect)
        {
            case ChatDialect.ChatCompletions:
                WireSchema.AssertOpenAI("CreateChatCompletionResponse", body);
                break;
            case ChatDialect.Responses:
                WireSchema.AssertOpenAI("Response", body);
                break;
            default:
                WireSchema.AssertGemini("GenerateContentResponse", body);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_streamed_event_is_valid_under_the_providers_schema(ChatDialect dialect, string reply)
    {
        var recorder = new ReplyRecorder(new FakeGateway().Enqueue(FixFinishReason(dialect, Replies[reply]())));
        using var client = new TestGateway().CreateClient(recorder, ModelFor(dialect), dialect);

        await client.GetStreamingResponseAsync("Hi", new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.Summary } }.WithDialect(dialect)).ToListAsync();

        var events = DataLines(Assert.Single(recorder.Bodies)).ToList();
        Assert.NotEmpty(events);
        foreach (var data in events)
        {
            switch (dialect)
            {
                case ChatDialect.ChatCompletions:
                    WireSchema.AssertOpenAI("CreateChatCompletionStreamResponse", data);
                    break;
                case ChatDialect.Responses:
                    WireSchema.AssertOpenAI("ResponseStreamEvent", data);
                    break;
                default:
                    WireSchema.AssertGemini("GenerateContentResponse", data);
                    break;
            }
        }
    }

    /// <summary>A scripted finish reason is in the dialect's own words.</summary>
    private static FakeReply FixFinishReason(ChatDialect dialect, FakeReply reply) => reply.FinishReason != "length" ? reply : dialect switch
    {
        ChatDialect.Responses => new FakeReply { Text = reply.Text, FinishReason = "max_output_tokens" },
        ChatDialect.GenerateContent => new FakeReply { Text = reply.Text, FinishReason = "MAX_TOKENS" },
        _ => reply,
    };

    private static IEnumerable<string> DataLines(string sse)
    {
        foreach (var line in sse.Split('\n'))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line != "data: [DONE]")
            {
                yield return line["data: ".Length..];
            }
        }
    }

    /// <summary>Keeps each reply body as text, and hands the client a copy.</summary>
    private sealed class ReplyRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            Bodies.Add(text);
            var copy = new StringContent(text);
            copy.Headers.ContentType = response.Content.Headers.ContentType;
            response.Content = copy;
            return response;
        }
    }
}
