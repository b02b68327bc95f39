using System.Net;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesTestData;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>Every error shape a Messages call can meet, through the leaf client.</summary>
public sealed class MessagesErrorTests
{
    public static TheoryData<int, string, Type, bool> AnthropicErrors => new()
    {
        { 400, "invalid_request_error", typeof(InvalidRequestException), false },
        { 401, "authentication_error", typeof(AuthenticationFailedException), false },
        { 402, "billing_error", typeof(BudgetExceededException), false },
        { 403, "permission_error", typeof(AuthenticationFailedException), false },
        { 413, "request_too_large", typeof(InvalidRequestException), false },
        { 429, "rate_limit_error", typeof(RateLimitExceededException), true },
        { 500, "api_error", typeof(ProviderUnavailableException), true },
        { 504, "timeout_error", typeof(ProviderUnavailableException), true },
        { 529, "overloaded_error", typeof(ProviderUnavailableException), true },
    };

    [Theory]
    [MemberData(nameof(AnthropicErrors))]
    public async Task AnthropicErrorEnvelope_MapsToItsException_WithStatusCodeMessageAndRequestId(int status, string type, Type exceptionType, bool transient)
    {
        var body = $$"""{"type":"error","error":{"type":"{{type}}","message":"Something about {{type}}."},"request_id":"req_011Test"}""";
        using var client = CreateClient(Json(body, status));

        var ex = await Assert.ThrowsAnyAsync<AiGatewayException>(() => client.GetResponseAsync("hi"));

        Assert.IsType(exceptionType, ex);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(type, ex.ErrorCode);
        Assert.Equal($"Something about {type}.", ex.ProviderMessage);
        Assert.Equal("req_011Test", ex.RequestId);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(ChatDialect.Messages, ex.Dialect);
        Assert.DoesNotContain(TestGateway.Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModel404_BecomesModelNotFound()
    {
        using var client = CreateClient(Json("""{"type":"error","error":{"type":"not_found_error","message":"model: claude-nope"},"request_id":"req_404"}""", 404), "claude-nope");

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("not_found_error", ex.ErrorCode);
        Assert.Equal("req_404", ex.RequestId);
    }

    [Fact]
    public async Task RateLimitWithRetryAfter_CarriesTheDelay()
    {
        var exchange = new RecordedExchange(
            "POST", new Uri("https://gateway.test/v1/messages"), null, 429, "application/json",
            """{"type":"error","error":{"type":"rate_limit_error","message":"Slow down."}}""",
            new Dictionary<string, string> { ["retry-after"] = "17", ["request-id"] = "req_hdr", ["x-should-retry"] = "true" });
        using var client = CreateClient(new ReplayHandler(exchange));

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(TimeSpan.FromSeconds(17), ex.RetryAfter);
        Assert.Equal("req_hdr", ex.RequestId);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task PlainTextProxyError_KeepsTheTextAsTheProviderMessage()
    {
        using var client = CreateClient(ReplayHandler.Body("upstream connect error", "text/plain", 502));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Equal("upstream connect error", ex.ProviderMessage);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task CloudflareGatewayEnvelope_IsRead()
    {
        using var client = CreateClient(Json("""{"success":false,"error":[{"code":2009,"message":"Unauthorized"}]}""", 401));

        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("2009", ex.ErrorCode);
        Assert.Equal("Unauthorized", ex.ProviderMessage);
    }

    [Fact]
    public async Task ErrorEnvelopeWithStatus200_IsStillAnError()
    {
        using var client = CreateClient(Json("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("overloaded_error", ex.ErrorCode);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"id":"msg_1","content":"oops"}""")]
    [InlineData("""{"unrelated":true}""")]
    public async Task BodyThatIsNotAMessage_IsMalformed(string body)
    {
        using var client = CreateClient(Json(body));

        await Assert.ThrowsAsync<MalformedResponseException>(() => client.GetResponseAsync("hi"));
    }

    [Fact]
    public async Task WholeAnswerWithUnknownFieldsAndBlocks_StillParses()
    {
        using var client = CreateClient(Json("""
            {"id":"msg_1","type":"message","role":"assistant","model":"m","container":{"id":"c"},
             "content":[{"type":"server_tool_use","id":"srv_1","name":"web_search","input":{"query":"x"}},
                        {"type":"web_search_tool_result","tool_use_id":"srv_1","content":[{"type":"web_search_result","url":"https://e.com"}]},
                        {"type":"text","text":"Found it.","sparkles":3}],
             "stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2,"server_tool_use":{"web_search_requests":1}}}
            """));

        var response = await client.GetResponseAsync("hi");

        Assert.Equal("Found it.", response.Text);
        Assert.IsType<TextContent>(response.Messages[0].Contents[^1]);
        Assert.Equal(5, response.Usage!.InputTokenCount);
    }
}
