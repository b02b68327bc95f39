using System.Net;
using AiGateway.Client.Errors;
using AiGateway.Client.Routing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Reliability;

/// <summary>
/// Whatever a gateway says about when to retry (<c>retry-after-ms</c>, <c>Retry-After</c> seconds or date, Google's
/// <c>RetryInfo.retryDelay</c>), the wait the client reports lies between zero and one day; a value that is not a
/// number is ignored. Before, <c>retry-after-ms: 1e300</c> or <c>Infinity</c> threw a raw <see cref="OverflowException"/>
/// and the call was not retried.
/// </summary>
public sealed class RetryAfterClampTests
{
    private static readonly FakeTimeProvider Clock = new();
    private static readonly Route Route = new TestGateway().RouteFor(ChatDialect.ChatCompletions);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    private static AiGatewayException RateLimited(string header, string value, string body = """{"error":{"message":"slow down","type":"rate_limit_error"}}""")
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation(header, value);
        return ErrorResponseReader.Create(HttpStatusCode.TooManyRequests, response.Headers, System.Text.Encoding.UTF8.GetBytes(body), Route, Clock);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("Infinity")]
    [InlineData("1e17")]
    [InlineData("99999999999999999999999999")]
    public void A_huge_retry_after_ms_is_clamped_to_a_day(string value)
    {
        var ex = RateLimited("retry-after-ms", value);

        Assert.IsType<RateLimitExceededException>(ex);
        Assert.Equal(Longest, ex.RetryAfter);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void A_negative_retry_after_ms_means_now()
    {
        var ex = RateLimited("retry-after-ms", "-250");

        Assert.Equal(TimeSpan.Zero, ex.RetryAfter);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("soon")]
    public void A_retry_after_ms_that_is_not_a_number_is_ignored(string value)
    {
        var ex = RateLimited("retry-after-ms", value);

        Assert.Null(ex.RetryAfter);
    }

    [Fact]
    public void A_finite_retry_after_ms_is_read_exactly()
    {
        var ex = RateLimited("retry-after-ms", "1500");

        Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.RetryAfter);
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("99999999999999999999999")]
    [InlineData("86401")]
    public void Huge_retry_after_seconds_are_clamped_to_a_day(string value)
    {
        var ex = RateLimited("Retry-After", value);

        Assert.Equal(Longest, ex.RetryAfter);
    }

    [Fact]
    public void A_retry_after_date_far_in_the_future_is_clamped_to_a_day()
    {
        var ex = RateLimited("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT");

        Assert.Equal(Longest, ex.RetryAfter);
    }

    [Fact]
    public void A_retry_after_date_in_the_past_means_now()
    {
        var ex = RateLimited("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT");

        Assert.Equal(TimeSpan.Zero, ex.RetryAfter);
    }

    [Theory]
    [InlineData("1e300s")]
    [InlineData("99999999999999s")]
    public void A_huge_google_retry_delay_is_clamped_to_a_day(string delay)
    {
        var body = $$$"""{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"quota","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"{{{delay}}}"}]}}""";

        var ex = ErrorResponseReader.Create(HttpStatusCode.TooManyRequests, null, System.Text.Encoding.UTF8.GetBytes(body), Route, Clock);

        Assert.Equal(Longest, ex.RetryAfter);
    }

    [Fact]
    public void A_google_retry_delay_that_is_not_a_number_is_ignored()
    {
        var ex = GoogleRateLimited("NaNs");

        Assert.IsType<RateLimitExceededException>(ex);
        Assert.Null(ex.RetryAfter);
    }

    [Fact]
    public void A_negative_google_retry_delay_means_now()
    {
        var ex = GoogleRateLimited("-Infinitys");

        Assert.IsType<RateLimitExceededException>(ex);
        Assert.Equal(TimeSpan.Zero, ex.RetryAfter);
    }

    private static AiGatewayException GoogleRateLimited(string delay)
    {
        var body = $$$"""{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"quota","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"{{{delay}}}"}]}}""";
        return ErrorResponseReader.Create(HttpStatusCode.TooManyRequests, null, System.Text.Encoding.UTF8.GetBytes(body), Route, Clock);
    }

    [Fact]
    public async Task A_429_with_retry_after_ms_infinity_reaches_the_caller_as_a_rate_limit()
    {
        var handler = new ReplayHandler([() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("""{"error":{"message":"slow down"}}""") };
            response.Headers.TryAddWithoutValidation("retry-after-ms", "Infinity");
            return response;
        }]);
        using var client = new TestGateway().CreateClient(handler);

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(Longest, ex.RetryAfter);
    }
}
