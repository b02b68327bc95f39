using System.Net;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Testing;

/// <summary>FakeGateway speaking generateContent, checked through the real leaf client.</summary>
public sealed class FakeGatewayGenerateContentTests
{
    private static AiGatewayChatClient Client(FakeGateway fake, string model = "gemini-2.5-flash") =>
        new TestGateway().CreateClient(fake, model, ChatDialect.GenerateContent);

    private static async Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client, string prompt)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(prompt))
        {
            updates.Add(update);
        }

        return updates;
    }

    [Fact]
    public async Task By_default_it_echoes_the_last_user_message()
    {
        var fake = new FakeGateway();
        using var client = Client(fake);

        var response = await client.GetResponseAsync("Hello Gemini");

        Assert.EndsWith("You said: Hello Gemini", response.Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var request = Assert.Single(fake.Requests);
        Assert.Equal(ChatDialect.GenerateContent, request.Dialect);
        Assert.Equal("gemini-2.5-flash", request.Model);
        Assert.False(request.IsStreaming);
    }

    [Fact]
    public async Task A_streamed_text_arrives_in_the_requested_number_of_pieces()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "one two three four five six", StreamChunks = 3 });
        using var client = Client(fake);

        var updates = await StreamAsync(client, "count");

        Assert.Equal(3, updates.Count(u => u.Contents.OfType<TextContent>().Any()));
        Assert.Equal("one two three four five six", updates.ToChatResponse().Text);
        Assert.True(fake.Requests[0].IsStreaming);
        Assert.Equal("?alt=sse", fake.Requests[0].Uri.Query);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reported_usage_follows_the_reply_token_counts(bool stream)
    {
        var reply = new FakeReply { Text = "ok", Reasoning = "hmm", InputTokens = 11, OutputTokens = 7 };
        var fake = new FakeGateway().Enqueue(reply);
        using var client = Client(fake);

        var response = stream ? (await StreamAsync(client, "hi")).ToChatResponse() : await client.GetResponseAsync("hi");

        Assert.Equal(11, response.Usage?.InputTokenCount);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
        Assert.Equal(18, response.Usage?.TotalTokenCount);
        Assert.Equal(FakeGatewayTokens("hmm"), response.Usage?.ReasoningTokenCount);
    }

    [Fact]
    public async Task Tool_calls_keep_a_scripted_id()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithToolCalls(new FakeToolCall("lookup", """{"q":"x"}""", "call-9")));
        using var client = Client(fake);

        var response = await client.GetResponseAsync("look it up");

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call-9", call.CallId);
        Assert.Equal("lookup", call.Name);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_image_reply_comes_back_as_data_content(bool stream)
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "Here it is.", Image = (png, "image/png") });
        using var client = Client(fake, "gemini-2.5-flash-image");

        var response = stream ? (await StreamAsync(client, "draw")).ToChatResponse() : await client.GetResponseAsync("draw");

        var image = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<DataContent>());
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(png, image.Data.ToArray());
        Assert.Equal("Here it is.", response.Text);
    }

    [Fact]
    public async Task An_error_reply_uses_googles_envelope_and_retry_after()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3)));
        using var client = Client(fake);

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("RESOURCE_EXHAUSTED", ex.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
    }

    [Fact]
    public async Task A_custom_error_body_is_sent_as_is()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.BadRequest, body: """{"error":{"code":400,"message":"custom","status":"FAILED_PRECONDITION"}}"""));
        using var client = Client(fake);

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("custom", ex.ProviderMessage);
        Assert.Equal("FAILED_PRECONDITION", ex.ErrorCode);
    }

    [Fact]
    public async Task A_truncated_stream_sends_the_text_but_never_the_finish_chunk()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithTruncatedStream("cut short here"));
        using var client = Client(fake);
        var received = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<MalformedResponseException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                received.Add(update);
            }
        });

        Assert.Equal("cut short here", string.Concat(received.Select(u => u.Text)));
        Assert.All(received, u => Assert.Null(u.FinishReason));
    }

    [Fact]
    public async Task A_scripted_finish_reason_is_sent_in_geminis_words()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "and then", FinishReason = "MAX_TOKENS" });
        using var client = Client(fake);

        var response = await client.GetResponseAsync("go on");

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    private static int FakeGatewayTokens(string text) => Math.Max(1, (text.Length + 3) / 4);
}
