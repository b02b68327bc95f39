using System.Net;
using System.Text;
using AiGateway.Client.Errors;
using AiGateway.Client.Middleware.Failover;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Reliability;

/// <summary>
/// An error body that is not valid UTF-8 still becomes the family member its HTTP status stands for, with the status
/// kept, so failover can classify it. Before, <c>JsonElement.GetString()</c> threw a raw
/// <see cref="InvalidOperationException"/> and a 503 was neither retried nor failed over.
/// </summary>
public sealed class InvalidUtf8ErrorBodyTests
{
    private static readonly byte[] OpenAIEnvelopeWithInvalidUtf8 =
        [.. "{\"error\":{\"message\":\""u8, 0xFF, 0xFE, .. " broke\",\"type\":\"server_error\"}}"u8];

    private static HttpResponseMessage Answer(HttpStatusCode status, byte[] body) =>
        new(status) { Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } } };

    [Fact]
    public async Task A_400_with_invalid_utf8_in_its_message_is_an_invalid_request()
    {
        using var client = new TestGateway().CreateClient(new ReplayHandler([() => Answer(HttpStatusCode.BadRequest, OpenAIEnvelopeWithInvalidUtf8)]));

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("broke", ex.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_503_with_invalid_utf8_in_its_message_is_a_transient_provider_failure()
    {
        using var client = new TestGateway().CreateClient(new ReplayHandler([() => Answer(HttpStatusCode.ServiceUnavailable, OpenAIEnvelopeWithInvalidUtf8)]));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_503_with_an_invalid_utf8_plain_text_body_is_a_transient_provider_failure()
    {
        using var client = new TestGateway().CreateClient(new ReplayHandler([() => Answer(HttpStatusCode.ServiceUnavailable, [0xC3, 0x28, 0xFF, .. " overloaded"u8])]));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Contains("overloaded", ex.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_503_with_invalid_utf8_is_retried_by_failover()
    {
        var handler = new ReplayHandler(
        [
            () => Answer(HttpStatusCode.ServiceUnavailable, OpenAIEnvelopeWithInvalidUtf8),
            () => Answer(HttpStatusCode.OK, Encoding.UTF8.GetBytes(WireBodies.WholeWithFinishReason(ChatDialect.ChatCompletions, "stop"))),
        ]);
        using var leaf = new TestGateway().CreateClient(handler);
        using var failover = new GatewayFailoverChatClient(leaf, new FailoverOptions { UseJitter = false, BackoffBase = TimeSpan.FromMilliseconds(1), BackoffMax = TimeSpan.FromMilliseconds(1) });

        var response = await failover.GetResponseAsync("Hi", new ChatOptions().WithDialect(ChatDialect.ChatCompletions));

        Assert.Equal("Hi", response.Text);
        Assert.Equal(2, handler.Sent.Count);
    }

    [Fact]
    public void A_google_retry_info_with_invalid_utf8_elsewhere_keeps_its_delay()
    {
        byte[] body = [.. "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"quota "u8, 0xFF, .. "\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"7s\"}]}}"u8];

        var ex = ErrorResponseReader.Create((HttpStatusCode)429, null, body, new TestGateway().RouteFor(ChatDialect.GenerateContent), TimeProvider.System);

        var limited = Assert.IsType<RateLimitExceededException>(ex);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
    }
}
