using System.Net;
using System.Text.Json;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.Dialects.ChatCompletions;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Testing;

/// <summary>FakeGateway's Chat Completions answers, read back through the real leaf client.</summary>
public sealed class FakeGatewayChatCompletionsTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is the answer?")];

    [Fact]
    public async Task A_text_reply_comes_back_with_the_scripted_usage()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "Forty-two.", InputTokens = 11, OutputTokens = 3 });
        using var client = fake.CreateClient();

        var response = await client.GetResponseAsync(Question);

        Assert.Equal("Forty-two.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(11, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal(14, response.Usage.TotalTokenCount);
        Assert.Equal(fake.Requests[0].Model, response.ModelId);
        Assert.StartsWith("chatcmpl-", response.ResponseId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_is_estimated_when_the_reply_sets_none()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithText(new string('a', 40)));
        using var client = fake.CreateClient();

        var response = await client.GetResponseAsync(Question);

        Assert.Equal(10, response.Usage!.OutputTokenCount);
        Assert.True(response.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task A_streamed_text_arrives_in_the_scripted_number_of_pieces()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "abcdefghij", StreamChunks = 5 });
        using var client = fake.CreateClient();

        var updates = await ChatCompletionsFixtureReplayTests.ToListAsync(client.GetStreamingResponseAsync(Question));

        Assert.Equal(5, updates.Count(u => u.Contents.OfType<TextContent>().Any()));
        Assert.Equal("abcdefghij", updates.ToChatResponse().Text);
        Assert.True(JsonSerializer.Deserialize<JsonElement>(fake.Requests[0].Body).GetProperty("stream").GetBoolean());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Parallel_tool_calls_come_back_with_ids_names_and_parsed_arguments(bool streaming)
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithToolCalls(
            new FakeToolCall("get_weather", """{"city":"Santiago"}""", "call_1"),
            new FakeToolCall("get_weather", """{"city":"Karachi","units":"c"}""")));
        using var client = fake.CreateClient();

        var response = await GetAsync(client, streaming);

        var calls = response.Messages.Single().Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("call_1", calls[0].CallId);
        Assert.False(string.IsNullOrEmpty(calls[1].CallId));
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
        Assert.All(calls, c => Assert.Equal("get_weather", c.Name));
        Assert.Equal("Santiago", ((JsonElement)calls[0].Arguments!["city"]!).GetString());
        Assert.Equal("c", ((JsonElement)calls[1].Arguments!["units"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reasoning_comes_back_before_the_text_with_reasoning_tokens(bool streaming)
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Reasoning = "Six times seven.", Text = "42" });
        using var client = fake.CreateClient();

        var response = await GetAsync(client, streaming);

        var contents = response.Messages.Single().Contents;
        Assert.Equal("Six times seven.", Assert.IsType<TextReasoningContent>(contents[0]).Text);
        Assert.Equal("42", Assert.IsType<TextContent>(contents[1]).Text);
        Assert.True(response.Usage!.ReasoningTokenCount > 0);
    }

    [Fact]
    public async Task Streamed_and_whole_answers_are_the_same_in_substance()
    {
        var reply = new FakeReply
        {
            Reasoning = "Think first.",
            Text = "Calling the tool now.",
            ToolCalls = [new FakeToolCall("lookup", """{"id":7}""", "call_7")],
            InputTokens = 20,
            OutputTokens = 9,
            StreamChunks = 3,
        };
        var fake = new FakeGateway().Enqueue(reply, reply);
        using var client = fake.CreateClient();

        var whole = await client.GetResponseAsync(Question);
        var streamed = (await ChatCompletionsFixtureReplayTests.ToListAsync(client.GetStreamingResponseAsync(Question))).ToChatResponse();

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
        Assert.Equal(whole.ModelId, streamed.ModelId);
        Assert.Equal(whole.Usage!.InputTokenCount, streamed.Usage!.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, streamed.Usage.OutputTokenCount);
        Assert.Equal(whole.Usage.ReasoningTokenCount, streamed.Usage.ReasoningTokenCount);
        var wholeContents = whole.Messages.Single().Contents;
        var streamedContents = streamed.Messages.Single().Contents;
        Assert.Equal(wholeContents.Select(c => c.GetType()), streamedContents.Select(c => c.GetType()));
        Assert.Equal(((TextReasoningContent)wholeContents[0]).Text, ((TextReasoningContent)streamedContents[0]).Text);
        var wholeCall = (FunctionCallContent)wholeContents[2];
        var streamedCall = (FunctionCallContent)streamedContents[2];
        Assert.Equal(wholeCall.CallId, streamedCall.CallId);
        Assert.Equal(wholeCall.Name, streamedCall.Name);
        Assert.Equal(((JsonElement)wholeCall.Arguments!["id"]!).GetInt32(), ((JsonElement)streamedCall.Arguments!["id"]!).GetInt32());
    }

    [Fact]
    public async Task A_full_tool_loop_sends_the_result_back_and_gets_the_answer()
    {
        var fake = new FakeGateway().Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("get_time", "{}", "call_t")),
            FakeReply.WithText("It is noon."));
        using var client = fake.CreateClient();
        List<ChatMessage> history = [new(ChatRole.User, "What time is it?")];

        var first = await client.GetResponseAsync(history);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_t", "12:00")]));
        var second = await client.GetResponseAsync(history);

        Assert.Equal("It is noon.", second.Text);
        var sent = JsonSerializer.Deserialize<JsonElement>(fake.Requests[1].Body).GetProperty("messages");
        Assert.Equal("call_t", sent[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("tool", sent[2].GetProperty("role").GetString());
        Assert.Equal("call_t", sent[2].GetProperty("tool_call_id").GetString());
        Assert.Equal("12:00", sent[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_429_with_retry_after_becomes_a_rate_limit_exception()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3)));
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync(Question));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
        Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
        Assert.StartsWith("req_fake_", ex.RequestId, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_500_becomes_a_transient_provider_unavailable_exception(bool streaming)
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.InternalServerError));
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => GetAsync(client, streaming));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal("server_error", ex.ErrorCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_scripted_error_body_is_sent_as_is()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.BadRequest, body: """{"error":{"message":"custom","type":"invalid_request_error","code":"my_code"}}"""));
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync(Question));

        Assert.Equal("my_code", ex.ErrorCode);
        Assert.Equal("custom", ex.ProviderMessage);
    }

    [Fact]
    public async Task A_truncated_stream_yields_the_start_of_the_text_and_then_fails_as_malformed()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithTruncatedStream("The beginning and the end."));
        using var client = fake.CreateClient();
        var received = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<MalformedResponseException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                received.Add(update);
            }
        });

        var text = received.ToChatResponse().Text;
        Assert.NotEmpty(text);
        Assert.StartsWith(text, "The beginning and the end.", StringComparison.Ordinal);
        Assert.NotEqual("The beginning and the end.", text);
    }

    [Fact]
    public async Task The_scripted_finish_reason_is_reported()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "cut", FinishReason = "length" });
        using var client = fake.CreateClient();

        var response = await client.GetResponseAsync(Question);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Without_a_script_the_fake_echoes_the_last_user_message()
    {
        using var client = new FakeGateway().CreateClient();

        var response = await client.GetResponseAsync(Question);

        Assert.Contains("What is the answer?", response.Text, StringComparison.Ordinal);
    }

    private static async Task<ChatResponse> GetAsync(AiGatewayChatClient client, bool streaming) =>
        streaming
            ? (await ChatCompletionsFixtureReplayTests.ToListAsync(client.GetStreamingResponseAsync(Question))).ToChatResponse()
            : await client.GetResponseAsync(Question);
}
