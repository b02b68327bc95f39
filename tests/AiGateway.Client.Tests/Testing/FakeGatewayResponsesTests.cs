using System.Net;
using AiGateway.Client.Dialects.Responses;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Testing;

/// <summary>FakeGateway's Responses rendering, read back through the real leaf client.</summary>
public class FakeGatewayResponsesTests
{
    private const string Model = "gpt-5-mini";

    [Fact]
    public async Task Whole_text_reply_comes_back_with_usage_and_stop()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "Hello there", InputTokens = 7, OutputTokens = 3 });
        using var client = CreateClient(fake);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")]);

        Assert.Equal("Hello there", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(Model, response.ModelId);
        Assert.StartsWith("resp_fake_", response.ResponseId, StringComparison.Ordinal);
        Assert.Equal(7, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal(10, response.Usage.TotalTokenCount);
        Assert.Equal(ChatDialect.Responses, Assert.Single(fake.Requests).Dialect);
    }

    [Fact]
    public async Task Streamed_text_reply_arrives_in_the_requested_pieces_and_matches_the_whole_reply()
    {
        var reply = new FakeReply { Text = "one two three four five six", StreamChunks = 3 };
        var fake = new FakeGateway().Enqueue(reply, reply);
        using var client = CreateClient(fake);

        var updates = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Count")]).ToListAsync();
        var whole = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Count")]);

        Assert.Equal(3, updates.Count(u => u.Contents.OfType<TextContent>().Any()));
        var streamed = updates.ToChatResponse();
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
        Assert.Equal(whole.Usage!.OutputTokenCount, streamed.Usage!.OutputTokenCount);
        Assert.True(fake.Requests[0].IsStreaming);
    }

    [Fact]
    public async Task Reasoning_reply_carries_encrypted_content_when_the_request_asks_for_it()
    {
        var reply = new FakeReply { Reasoning = "Think first.", Text = "Answer." };
        var fake = new FakeGateway().Enqueue(reply, reply);
        using var client = CreateClient(fake);
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low, Output = ReasoningOutput.Summary } };

        var whole = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Why?")], options);
        var streamed = (await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Why?")], options).ToListAsync()).ToChatResponse();

        foreach (var response in new[] { whole, streamed })
        {
            var reasoning = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>());
            Assert.Equal("Think first.", reasoning.Text);
            Assert.StartsWith("enc_", reasoning.ProtectedData, StringComparison.Ordinal);
            Assert.StartsWith("rs_fake_", (string)reasoning.AdditionalProperties![ResponsesPropertyKeys.ItemId]!, StringComparison.Ordinal);
            Assert.Equal("Answer.", response.Text);
            Assert.True(response.Usage!.ReasoningTokenCount > 0);
        }
    }

    [Fact]
    public async Task Parallel_tool_calls_come_back_whole_and_streamed()
    {
        var reply = FakeReply.WithToolCalls(
            new FakeToolCall("get_weather", """{"city":"Paris"}""", "call_1"),
            new FakeToolCall("get_time", """{"zone":"CET"}""", "call_2"));
        var fake = new FakeGateway().Enqueue(reply, reply);
        using var client = CreateClient(fake);

        var whole = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Weather and time?")]);
        var streamed = (await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Weather and time?")]).ToListAsync()).ToChatResponse();

        foreach (var response in new[] { whole, streamed })
        {
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
            Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.Name));
            Assert.Equal("Paris", calls[0].Arguments!["city"]?.ToString());
            Assert.Equal("CET", calls[1].Arguments!["zone"]?.ToString());
            Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        }
    }

    [Fact]
    public async Task Image_reply_becomes_DataContent_whole_and_streamed()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
        var reply = new FakeReply { Image = (png, "image/png"), Text = "Here it is." };
        var fake = new FakeGateway().Enqueue(reply, reply);
        using var client = CreateClient(fake);

        var whole = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Draw")]);
        var streamed = (await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Draw")]).ToListAsync()).ToChatResponse();

        foreach (var response in new[] { whole, streamed })
        {
            var image = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<DataContent>());
            Assert.Equal("image/png", image.MediaType);
            Assert.Equal(png, image.Data.ToArray());
            Assert.Equal("Here it is.", response.Text);
        }
    }

    [Fact]
    public async Task Finish_reason_max_output_tokens_is_Length()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "Cut", FinishReason = "max_output_tokens" });
        using var client = CreateClient(fake);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Long story")]);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Rate_limit_error_carries_retry_after_request_id_and_code()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(12)));
        using var client = CreateClient(fake);

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")]));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(12), ex.RetryAfter);
        Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
        Assert.StartsWith("req_fake_", ex.RequestId, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Unknown_model_error_is_ModelNotFoundException()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.NotFound));
        using var client = CreateClient(fake);

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")]));

        Assert.Equal("model_not_found", ex.ErrorCode);
        Assert.Contains(Model, ex.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_error_is_a_transient_ProviderUnavailableException()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.InternalServerError));
        using var client = CreateClient(fake);

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")]));

        Assert.Equal("server_error", ex.ErrorCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Truncated_stream_yields_its_start_then_throws_MalformedResponseException()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "This answer will never finish.", StreamChunks = 6, TruncateStream = true });
        using var client = CreateClient(fake);
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Go")]))
            {
                received.Add(update);
            }
        });

        Assert.NotEmpty(received);
        Assert.All(received, u => Assert.Null(u.FinishReason));
        Assert.Contains("response.completed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_reply_echoes_the_last_user_message()
    {
        var fake = new FakeGateway();
        using var client = CreateClient(fake);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "ping 42")]);

        Assert.Contains("ping 42", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fake_options_with_the_Responses_dialect_reach_the_fake()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithText("ok"));
        var options = FakeGateway.CreateOptions(Model);
        options.PreferredDialect = ChatDialect.Responses;
        using var client = fake.CreateClient(options);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")]);

        Assert.Equal("ok", response.Text);
        Assert.EndsWith("/responses", Assert.Single(fake.Requests).Uri.AbsolutePath, StringComparison.Ordinal);
    }

    private static AiGatewayChatClient CreateClient(FakeGateway fake) =>
        new TestSupport.TestGateway().CreateClient(fake, Model, ChatDialect.Responses);
}
