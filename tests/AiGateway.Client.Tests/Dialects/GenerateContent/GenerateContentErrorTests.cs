using System.Net;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.GenerateContent.GeminiTestSupport;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>Gemini's error envelopes (and the gateways' non-JSON ones) mapped into the exception family.</summary>
public sealed class GenerateContentErrorTests
{
    [Theory]
    [InlineData(HttpStatusCode.BadRequest, typeof(InvalidRequestException), "INVALID_ARGUMENT", false)]
    [InlineData(HttpStatusCode.Unauthorized, typeof(AuthenticationFailedException), "UNAUTHENTICATED", false)]
    [InlineData(HttpStatusCode.Forbidden, typeof(AuthenticationFailedException), "PERMISSION_DENIED", false)]
    [InlineData(HttpStatusCode.NotFound, typeof(InvalidRequestException), "NOT_FOUND", false)]
    [InlineData(HttpStatusCode.InternalServerError, typeof(ProviderUnavailableException), "INTERNAL", true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, typeof(ProviderUnavailableException), "UNAVAILABLE", true)]
    [InlineData(HttpStatusCode.GatewayTimeout, typeof(ProviderUnavailableException), "DEADLINE_EXCEEDED", true)]
    public async Task Google_error_envelopes_map_to_the_exception_family(HttpStatusCode status, Type expected, string code, bool transient)
    {
        using var client = GeminiClient(new FakeGateway().Enqueue(FakeReply.WithError(status)));

        var ex = await Assert.ThrowsAnyAsync<AiGatewayException>(() => client.GetResponseAsync("hi"));

        Assert.IsType(expected, ex);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal($"FakeGateway answered {(int)status} as scripted.", ex.ProviderMessage);
        Assert.Equal(transient, ex.IsTransient);
        Assert.StartsWith("req_fake_", ex.RequestId, StringComparison.Ordinal);
        Assert.DoesNotContain(TestGateway.Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_with_retry_after_on_a_stream_is_a_rate_limit_with_the_wait()
    {
        using var client = GeminiClient(new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7))));

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => CollectAsync(client.GetStreamingResponseAsync("hi")));

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Equal("RESOURCE_EXHAUSTED", ex.ErrorCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task An_unknown_model_404_becomes_model_not_found()
    {
        const string Body = """{"error":{"code":404,"message":"models/gemini-9-ultra is not found for API version v1beta, or is not supported for generateContent.","status":"NOT_FOUND"}}""";
        using var client = GeminiClient(Json(Body, 404), "gemini-9-ultra");

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("NOT_FOUND", ex.ErrorCode);
    }

    [Fact]
    public async Task A_gateway_html_error_page_is_quoted_as_the_provider_message()
    {
        using var client = GeminiClient(ReplayHandler.Body("<html><body>502 Bad Gateway</body></html>", "text/html", 502));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Contains("502 Bad Gateway", ex.ProviderMessage, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task An_error_wrapped_in_a_json_array_is_read()
    {
        // streamGenerateContent without alt=sse wraps even its errors in an array.
        const string Body = """[{"error":{"code":400,"message":"Invalid JSON payload received.","status":"INVALID_ARGUMENT"}}]""";
        using var client = GeminiClient(Json(Body, 400));

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("Invalid JSON payload received.", ex.ProviderMessage);
        Assert.Equal("INVALID_ARGUMENT", ex.ErrorCode);
    }
}
