using System.Net;
using AiGateway.Client.Http;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.Http;

/// <summary>
/// The HTTP-level resilience of <c>AddAiGateway()</c>: transient failures retried <c>MaxRetries</c> times honouring
/// Retry-After, an exhausted quota or a too-long Retry-After not retried, a per-attempt time to first byte, and failover
/// deciding alone when it is in the pipeline.
/// </summary>
public sealed class AiGatewayHttpResilienceTests
{
    private static (ServiceProvider Provider, FakeGateway Fake) Create(Action<AiGatewayOptions>? configure = null, Action<ChatClientBuilder>? pipeline = null, Func<FakeGateway, HttpMessageHandler>? handler = null)
    {
        var fake = new FakeGateway();
        var services = new ServiceCollection();
        var builder = services.AddAiGateway(
            o =>
            {
                var fakeOptions = FakeGateway.CreateOptions();
                o.Gateway = fakeOptions.Gateway;
                o.BaseUrl = fakeOptions.BaseUrl;
                o.ApiKey = fakeOptions.ApiKey;
                o.DefaultModel = fakeOptions.DefaultModel;
                o.Environment = fakeOptions.Environment;
                configure?.Invoke(o);
            },
            http => http.ConfigurePrimaryHttpMessageHandler(() => handler?.Invoke(fake) ?? fake));
        pipeline?.Invoke(builder);
        return (services.BuildServiceProvider(), fake);
    }

    private static FakeReply Unavailable() => FakeReply.WithError(HttpStatusCode.ServiceUnavailable, TimeSpan.Zero);

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_call_succeeds()
    {
        var (provider, fake) = Create();
        using var _ = provider;
        fake.Enqueue(Unavailable(), Unavailable(), FakeReply.WithText("Third time lucky."));

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi");

        Assert.Equal("Third time lucky.", response.Text);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task A_retried_request_sends_the_same_pooled_body_every_time()
    {
        var (provider, fake) = Create();
        using var _ = provider;
        fake.Enqueue(Unavailable(), Unavailable(), FakeReply.WithText("ok"));

        await provider.GetRequiredService<IChatClient>().GetResponseAsync(new string('x', 20_000));

        Assert.Equal(3, fake.Requests.Count);
        Assert.Contains(new string('x', 20_000), fake.Requests[0].Body, StringComparison.Ordinal);
        Assert.All(fake.Requests, r => Assert.Equal(fake.Requests[0].Body, r.Body));
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetries_and_the_last_failure_reaches_the_caller()
    {
        var (provider, fake) = Create(o => o.MaxRetries = 1);
        using var _ = provider;
        fake.Enqueue(Unavailable(), Unavailable(), FakeReply.WithText("too late"));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task An_exhausted_quota_is_not_retried()
    {
        var (provider, fake) = Create();
        using var _ = provider;
        fake.Enqueue(FakeReply.WithError(HttpStatusCode.TooManyRequests, body: """{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}}"""));

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi"));

        Assert.False(ex.IsTransient);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryDelay_reaches_the_caller_at_once()
    {
        var (provider, fake) = Create(o => o.MaxRetryDelay = TimeSpan.FromSeconds(5));
        using var _ = provider;
        fake.Enqueue(FakeReply.WithError(HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(10)));

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi"));

        Assert.Equal(TimeSpan.FromMinutes(10), ex.RetryAfter);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task With_failover_in_the_pipeline_the_HTTP_retry_stands_aside()
    {
        var (provider, fake) = Create(pipeline: b => b.UseFailover(f =>
        {
            f.MaxAttemptsPerTarget = 2;
            f.BackoffBase = TimeSpan.FromMilliseconds(1);
            f.BackoffMax = TimeSpan.FromMilliseconds(1);
            f.FailOverToDetectedGateways = false;
        }));
        using var _ = provider;
        fake.Enqueue(Unavailable(), Unavailable(), Unavailable(), Unavailable(), Unavailable(), Unavailable());

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi"));

        // Failover's two attempts, not two times (1 + MaxRetries).
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task With_failover_in_the_pipeline_the_time_to_first_byte_still_ends_an_attempt()
    {
        var (provider, _) = Create(
            o => o.TimeToFirstByte = TimeSpan.FromMilliseconds(200),
            pipeline: b => b.UseFailover(f =>
            {
                f.MaxAttemptsPerTarget = 1;
                f.FailOverToDetectedGateways = false;
            }),
            handler: _ => new SilentHandler());
        using var _ = provider;
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: guard.Token));

        Assert.Equal(HttpStatusCode.RequestTimeout, ex.StatusCode);
        Assert.False(guard.IsCancellationRequested, "The time-to-first-byte bound did not fire under failover; the guard did.");
    }

    [Theory]
    [InlineData(false, 3)]
    [InlineData(true, 1)]
    public async Task A_request_marked_for_failover_goes_through_the_instance_without_retry(bool marked, int attempts)
    {
        var pipelineOf = AiGatewayHttpResilience.Build(new AiGatewayOptions { MaxRetries = 2 });
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://gateway.test/v1/chat/completions");
        if (marked)
        {
            request.Options.Set(AiGatewayHttpResilience.RetriesDecidedByFailover, true);
        }

        var sent = 0;
        using var last = await pipelineOf(request).ExecuteAsync(_ =>
        {
            sent++;
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return ValueTask.FromResult(response);
        });

        Assert.Equal(attempts, sent);
        Assert.Equal(marked ? AiGatewayHttpResilience.FailoverInstance : AiGatewayHttpResilience.DefaultInstance, AiGatewayHttpResilience.SelectInstance(request));
    }

    [Fact]
    public async Task Headers_that_do_not_arrive_within_the_time_to_first_byte_end_the_attempt_as_a_timeout()
    {
        var (provider, fake) = Create(
            o => { o.TimeToFirstByte = TimeSpan.FromMilliseconds(200); o.MaxRetries = 0; },
            handler: f => new SilentHandler());
        using var _ = provider;
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: guard.Token));

        Assert.Equal(HttpStatusCode.RequestTimeout, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Contains("TimeToFirstByte", ex.Message, StringComparison.Ordinal);
        Assert.False(guard.IsCancellationRequested, "The time-to-first-byte bound did not fire; the guard did.");
    }

    [Fact]
    public void Out_of_range_settings_are_refused_with_the_key_named()
    {
        var (provider, _) = Create(o => o.MaxRetries = 50);
        using var _p = provider;

        var ex = Assert.Throws<GatewayConfigurationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains("AiGateway:MaxRetries", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Accepts the request and never answers (until cancelled).</summary>
    private sealed class SilentHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        }
    }
}
