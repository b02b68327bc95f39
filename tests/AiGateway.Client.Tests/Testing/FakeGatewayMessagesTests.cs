using System.Net;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Testing;

/// <summary>FakeGateway speaking Messages, checked round trip through the real leaf client and Messages readers.</summary>
public sealed class FakeGatewayMessagesTests
{
    private static AiGatewayChatClient Client(FakeGateway fake) => new TestGateway().CreateClient(fake, "claude-sonnet-4-5", ChatDialect.Messages);

    [Fact]
    public async Task Text_IsAnsweredAsAMessage_WithEstimatedUsage()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithText("Hello there, traveller."));
        using var client = Client(fake);

        var response = await client.GetResponseAsync("hi");

        var request = Assert.Single(fake.Requests);
        Assert.Equal(ChatDialect.Messages, request.Dialect);
        Assert.Equal("Hello there, traveller.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.StartsWith("msg_fake_", response.ResponseId, StringComparison.Ordinal);
        Assert.Equal("claude-sonnet-4-5", response.ModelId);
        Assert.InRange(response.Usage!.InputTokenCount!.Value, 1, request.Body.Length);
        Assert.InRange(response.Usage.OutputTokenCount!.Value, 1, "Hello there, traveller.".Length);
    }

    [Fact]
    public async Task StreamedText_ArrivesInTheConfiguredNumberOfPieces()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "abcdefghij", StreamChunks = 5, InputTokens = 11, OutputTokens = 7 });
        using var client = Client(fake);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("hi"))
        {
            updates.Add(update);
        }

        Assert.Equal(["ab", "cd", "ef", "gh", "ij"], updates.SelectMany(u => u.Contents).OfType<TextContent>().Select(t => t.Text));
        var response = updates.ToChatResponse();
        Assert.Equal("abcdefghij", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(11, response.Usage!.InputTokenCount);
        Assert.Equal(7, response.Usage.OutputTokenCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReasoningAndParallelToolCalls_AreRendered(bool stream)
    {
        var fake = new FakeGateway().Enqueue(new FakeReply
        {
            Reasoning = "Two lookups needed.",
            ToolCalls = [new FakeToolCall("get_weather", """{"city":"Paris"}"""), new FakeToolCall("get_weather", """{"city":"Rome"}""", "toolu_mine")],
        });
        using var client = Client(fake);

        var response = stream ? await client.GetStreamingResponseAsync("weather?").ToChatResponseAsync() : await client.GetResponseAsync("weather?");

        var contents = Assert.Single(response.Messages).Contents;
        var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal("Two lookups needed.", reasoning.Text);
        Assert.False(string.IsNullOrEmpty(reasoning.ProtectedData));
        var calls = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("Paris", calls[0].Arguments!["city"]?.ToString());
        Assert.Equal("toolu_mine", calls[1].CallId);
        Assert.Equal("Rome", calls[1].Arguments!["city"]?.ToString());
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task ToolLoop_SendsTheSignedThinkingAndToolResultBack()
    {
        var fake = new FakeGateway().Enqueue(
            new FakeReply { Reasoning = "Need the time.", ToolCalls = [new FakeToolCall("now", "{}")] },
            FakeReply.WithText("It is noon."));
        using var client = Client(fake);
        var options = new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("now", "Current time", System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement)] };
        List<ChatMessage> history = [new(ChatRole.User, "time?")];

        var first = await client.GetResponseAsync(history, options);
        var call = Assert.Single(first.Messages[0].Contents.OfType<FunctionCallContent>());
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "12:00")]));
        var second = await client.GetResponseAsync(history, options);

        Assert.Equal("It is noon.", second.Text);
        var sent = fake.Requests[1].Json!.Value.GetProperty("messages");
        var assistant = sent[1].GetProperty("content");
        Assert.Equal("thinking", assistant[0].GetProperty("type").GetString());
        Assert.Equal(((TextReasoningContent)first.Messages[0].Contents[0]).ProtectedData, assistant[0].GetProperty("signature").GetString());
        Assert.Equal(call.CallId, assistant[1].GetProperty("id").GetString());
        var result = sent[2].GetProperty("content")[0];
        Assert.Equal("tool_result", result.GetProperty("type").GetString());
        Assert.Equal(call.CallId, result.GetProperty("tool_use_id").GetString());
        Assert.Equal("12:00", result.GetProperty("content").GetString());
    }

    [Fact]
    public async Task RateLimit_IsAnsweredInAnthropicsEnvelope_WithRetryAfter()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5)));
        using var client = Client(fake);

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(TimeSpan.FromSeconds(5), ex.RetryAfter);
        Assert.Equal("rate_limit_error", ex.ErrorCode);
        Assert.StartsWith("req_fake_", ex.RequestId, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Overloaded_IsATransient529()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError((HttpStatusCode)529));
        using var client = Client(fake);

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("overloaded_error", ex.ErrorCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task CustomErrorBody_IsSentAsGiven()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.BadRequest, body: """{"type":"error","error":{"type":"invalid_request_error","message":"custom"}}"""));
        using var client = Client(fake);

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("custom", ex.ProviderMessage);
    }

    [Fact]
    public async Task TruncatedStream_IsMalformed()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithTruncatedStream("cut short"));
        using var client = Client(fake);

        await Assert.ThrowsAsync<MalformedResponseException>(() => client.GetStreamingResponseAsync("hi").ToChatResponseAsync());
    }

    [Fact]
    public async Task ExplicitFinishReason_IsRendered()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "and then", FinishReason = "max_tokens" });
        using var client = Client(fake);

        var response = await client.GetResponseAsync("hi");

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task DefaultReply_EchoesTheLastUserMessage()
    {
        using var client = Client(new FakeGateway());

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "first"), new ChatMessage(ChatRole.Assistant, "ok"), new ChatMessage(ChatRole.User, "ping")]);

        Assert.EndsWith("You said: ping", response.Text, StringComparison.Ordinal);
    }
}
