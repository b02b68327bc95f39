using System.Net;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests;

public sealed class AiGatewayChatClientTests
{
    private sealed class ThrowingHandler(Exception exception) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromException<HttpResponseMessage>(exception);
    }

    private sealed class StatusHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task EachWholeResponseGetsItsOwnPropertiesWhenAnEarlierOneWasChanged()
    {
        const string body = """{"id":"c1","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""";
        using var client = new TestGateway().CreateClient(new StatusHandler(HttpStatusCode.OK, body));

        var first = await client.GetResponseAsync("hi");
        first.AdditionalProperties!.Remove(AiGatewayPropertyKeys.AnsweredGateway);
        first.AdditionalProperties[AiGatewayPropertyKeys.CatalogModelId] = "changed";
        first.AdditionalProperties[AiGatewayPropertyKeys.CostUsd] = 99m;
        var second = await client.GetResponseAsync("hi");

        Assert.NotSame(first.AdditionalProperties, second.AdditionalProperties);
        Assert.Equal(GatewayKind.OpenAICompatible, second.AdditionalProperties![AiGatewayPropertyKeys.AnsweredGateway]);
        Assert.Equal("openai/gpt-4o-mini", second.AdditionalProperties[AiGatewayPropertyKeys.CatalogModelId]);
        Assert.NotEqual(99m, Assert.IsType<decimal>(second.AdditionalProperties[AiGatewayPropertyKeys.CostUsd]));
    }

    [Fact]
    public async Task ConnectionFailureBecomesTransientProviderUnavailable()
    {
        using var client = new TestGateway().CreateClient(new ThrowingHandler(new HttpRequestException("Connection refused (gateway.test:443)")));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.Contains("Could not reach Test gateway", ex.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task HttpClientTimeoutBecomesTransientRequestTimeout()
    {
        var http = new HttpClient(new HangingHandler()) { Timeout = TimeSpan.FromMilliseconds(50) };
        using var client = new AiGatewayChatClient(new AiGatewayOptions { DefaultModel = "openai/gpt-4o-mini" }, GatewayEnvironment.FromProfiles(new TestGateway()), http);

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.True(ex.IsTransient);
        Assert.Equal(HttpStatusCode.RequestTimeout, ex.StatusCode);
    }

    [Fact]
    public async Task CallerCancellationIsNotWrapped()
    {
        using var client = new TestGateway().CreateClient(new HangingHandler());
        using var cts = new CancellationTokenSource();
        cts.CancelAfter(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("hi", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task ErrorStatusCarriesGatewayDialectAndModel()
    {
        var handler = new StatusHandler(HttpStatusCode.ServiceUnavailable, """{"error":{"message":"upstream overloaded","type":"server_error"}}""");
        using var client = new TestGateway().CreateClient(handler);

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(GatewayKind.OpenAICompatible, ex.Gateway);
        Assert.Equal(ChatDialect.ChatCompletions, ex.Dialect);
        Assert.Equal("openai/gpt-4o-mini", ex.ModelId);
        Assert.Equal("upstream overloaded", ex.ProviderMessage);
    }

    [Fact]
    public async Task StreamingErrorStatusThrowsBeforeAnyUpdate()
    {
        var handler = new StatusHandler(HttpStatusCode.TooManyRequests, """{"error":{"message":"slow down","code":"rate_limit_exceeded"}}""");
        using var client = new TestGateway().CreateClient(handler);

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                Assert.Fail("No update may be produced for a 429.");
            }
        });

        Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
    }

    [Fact]
    public async Task NoModelAnywhereIsAClearError()
    {
        using var client = new AiGatewayChatClient(new AiGatewayOptions(), GatewayEnvironment.FromProfiles(new TestGateway()), new HttpClient(new StatusHandler(HttpStatusCode.OK, "{}")));

        var ex = await Assert.ThrowsAsync<AiGateway.Client.InvalidRequestException>(() => client.GetResponseAsync("hi"));

        Assert.Contains("ChatOptions.ModelId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultModel", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestForAGatewayThatWasNotDetectedFailsBeforeSending()
    {
        var handler = new StatusHandler(HttpStatusCode.OK, "{}");
        using var client = new TestGateway().CreateClient(handler);
        var options = new ChatOptions { AdditionalProperties = new() { [AiGatewayPropertyKeys.Gateway] = GatewayKind.Vercel } };

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => client.GetResponseAsync("hi", options));

        Assert.Contains("Vercel", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void MetadataCarriesTheGenAiProviderOfTheDefaultModelAndTheGatewayUri()
    {
        using var client = new TestGateway(new Uri("https://gw.example/")).CreateClient(new StatusHandler(HttpStatusCode.OK, "{}"), "anthropic/claude-sonnet-4.5");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("anthropic", metadata.ProviderName);
        Assert.Equal(new Uri("https://gw.example/"), metadata.ProviderUri);
        Assert.Equal("anthropic/claude-sonnet-4.5", metadata.DefaultModelId);
    }

    [Fact]
    public void MetadataProviderIsTheOpenTelemetryValueForGoogleModels()
    {
        using var client = new TestGateway(new Uri("https://gw.example/")).CreateClient(new StatusHandler(HttpStatusCode.OK, "{}"), "gemini-2.5-flash");

        Assert.Equal("gcp.gemini", client.GetService<ChatClientMetadata>()?.ProviderName);
    }

    [Fact]
    public void GetServiceAnswersTheClientTheEnvironmentAndTheCatalog()
    {
        using var client = new TestGateway().CreateClient(new StatusHandler(HttpStatusCode.OK, "{}"));

        Assert.Same(client, client.GetService<AiGatewayChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Same(client.Environment, client.GetService<GatewayEnvironment>());
        Assert.Same(client.Catalog, client.GetService<AiGateway.Client.Catalog.IModelCatalog>());
        Assert.Null(client.GetService<ChatClientMetadata>("some-key"));
        Assert.Null(client.GetService<string>());
    }

    [Fact]
    public async Task TheKeyTravelsOnlyInTheAuthorizationHeaderAndNeverInErrors()
    {
        var handler = new StatusHandler(HttpStatusCode.Unauthorized, """{"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}}""");
        using var client = new TestGateway().CreateClient(handler);

        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("Bearer " + TestGateway.Key, handler.Requests.Single().Headers.Authorization?.ToString());
        Assert.DoesNotContain(TestGateway.Key, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestGateway.Key, ex.Message, StringComparison.Ordinal);
    }

    private sealed class StallingStreamHandler(string head) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new StallingStream(System.Text.Encoding.UTF8.GetBytes(head)));
            content.Headers.TryAddWithoutValidation("Content-Type", "text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    private const string OneChunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n";

    private static AiGatewayChatClient StallingClient(FakeTimeProvider clock, TimeSpan idle) => new(
        new AiGatewayOptions { DefaultModel = "openai/gpt-4o-mini", TimeProvider = clock, StreamIdleTimeout = idle, Environment = EnvironmentSource.FromDictionary([]) },
        GatewayEnvironment.FromProfiles(new TestGateway()),
        new HttpClient(new StallingStreamHandler(OneChunk)));

    [Fact]
    public async Task AStreamThatGoesQuietIsAbandonedAfterTheIdleTimeout()
    {
        var clock = new FakeTimeProvider();
        using var client = StallingClient(clock, TimeSpan.FromMinutes(2));
        await using var updates = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("Hel", updates.Current.Text);

        var next = updates.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => next.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(ex.IsTransient);
        Assert.Contains("StreamIdleTimeout", ex.Message, StringComparison.Ordinal);
    }

    private const string LastChunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

    private sealed class ReleasedStreamHandler(ReleasedStream body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    private static AiGatewayChatClient ReleasedClient(FakeTimeProvider clock, ReleasedStream body) => new(
        new AiGatewayOptions { DefaultModel = "openai/gpt-4o-mini", TimeProvider = clock, StreamIdleTimeout = TimeSpan.FromMinutes(2), Environment = EnvironmentSource.FromDictionary([]) },
        GatewayEnvironment.FromProfiles(new TestGateway()),
        new HttpClient(new ReleasedStreamHandler(body)));

    [Fact]
    public async Task ACallerThatHoldsAnUpdateLongerThanTheIdleTimeoutDoesNotStallTheStream()
    {
        var clock = new FakeTimeProvider();
        var body = new ReleasedStream();
        body.Release(OneChunk);
        using var client = ReleasedClient(clock, body);
        await using var updates = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        // The caller is busy with the first update for longer than the timeout; no read waits meanwhile.
        clock.Advance(TimeSpan.FromMinutes(5));
        var next = updates.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromMinutes(1));
        body.Release(LastChunk);
        body.End();

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("lo", updates.Current.Text);
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task AReadIsAbandonedWhenItHasWaitedTheIdleTimeoutCountedFromWhenItBegan()
    {
        var clock = new FakeTimeProvider();
        var body = new ReleasedStream();
        body.Release(OneChunk);
        using var client = ReleasedClient(clock, body);
        await using var updates = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        clock.Advance(TimeSpan.FromSeconds(90));

        var next = updates.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => next.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("StreamIdleTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellationOfAQuietStreamIsNotReportedAsAStall()
    {
        var clock = new FakeTimeProvider();
        using var client = StallingClient(clock, TimeSpan.FromMinutes(2));
        using var cts = new CancellationTokenSource();
        await using var updates = client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        var next = updates.MoveNextAsync().AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AnInfiniteIdleTimeoutWaits()
    {
        var clock = new FakeTimeProvider();
        using var client = StallingClient(clock, Timeout.InfiniteTimeSpan);
        using var cts = new CancellationTokenSource();
        await using var updates = client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        var next = updates.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromDays(1));
        Assert.False(next.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void ANonPositiveIdleTimeoutIsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => StallingClient(new FakeTimeProvider(), TimeSpan.Zero));

        Assert.Contains("StreamIdleTimeout", ex.Message, StringComparison.Ordinal);
    }

    private sealed class StallingBodyHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new StallingStream(System.Text.Encoding.UTF8.GetBytes("{\"id\":\"chatcmpl-1\",")));
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    [Fact]
    public async Task AWholeAnswerWhoseBodyStallsAfterTheHeadersIsAbandoned()
    {
        var clock = new FakeTimeProvider();
        using var client = new AiGatewayChatClient(
            new AiGatewayOptions { DefaultModel = "openai/gpt-4o-mini", TimeProvider = clock, StreamIdleTimeout = TimeSpan.FromMinutes(2), Environment = EnvironmentSource.FromDictionary([]) },
            GatewayEnvironment.FromProfiles(new TestGateway()),
            new HttpClient(new StallingBodyHandler()));

        var call = client.GetResponseAsync("hi");

        // The body read arms its timer at some point after the call starts; move the clock a minute at a time
        // (bounded) until the stalled read is abandoned. Without the bound on body reads this loop runs out.
        for (var i = 0; i < 300 && !call.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(ex.IsTransient);
        Assert.Contains("stalled", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetServiceOfObjectIsTheClientItself()
    {
        using var client = new TestGateway().CreateClient(new StatusHandler(HttpStatusCode.OK, "{}"));

        Assert.Same(client, client.GetService(typeof(object)));
    }
}
