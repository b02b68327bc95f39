using System.Net;
using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using static AiGateway.Client.Tests.EndToEnd.SweepSecrets;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>The leaks the sweep found, each pinned by one focused test.</summary>
public sealed class SecretLeakRegressionTests
{
    private static readonly (string, string)[] CloudflareWithToken =
    [
        ("CLOUDFLARE_ACCOUNT_ID", "0123456789abcdef0123456789abcdef"), ("CLOUDFLARE_AI_GATEWAY_ID", "regression"),
        ("CLOUDFLARE_AI_GATEWAY_TOKEN", CloudflareToken), ("OPENAI_API_KEY", OpenAIKey),
    ];

    [Fact]
    public async Task A_gateway_that_quotes_the_key_in_its_error_body_has_the_key_removed_by_value()
    {
        using var pipeline = DiPipeline.Create(Env(CloudflareWithToken));
        pipeline.Fake.Enqueue(FakeReply.WithError(
            HttpStatusCode.Unauthorized,
            body: $$"""{"success":false,"error":[{"code":2009,"message":"Unauthorized: token {{CloudflareToken}} is not valid for this gateway"}]}"""));

        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" }));

        Assert.Contains("Unauthorized: token [REDACTED] is not valid", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FindLeaks([("Message", ex.Message), ("ToString()", ex.ToString()), ("ProviderMessage", ex.ProviderMessage ?? string.Empty)]));
    }

    [Fact]
    public async Task A_plain_text_error_body_quoting_the_key_has_the_key_removed_by_value()
    {
        using var pipeline = DiPipeline.Create(Env([("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_BASE_URL", GatewaySetups.NetlifyRoot)]), configureOptions: o => o.MaxRetries = 0);
        pipeline.Fake.Enqueue(FakeReply.WithError(HttpStatusCode.BadGateway, body: $"upstream refused key {NetlifyKey}"));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" }));

        Assert.Contains("upstream refused key [REDACTED]", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FindLeaks([("Message", ex.Message), ("ProviderMessage", ex.ProviderMessage ?? string.Empty)]));
    }

    [Fact]
    public async Task A_malformed_stream_event_quoting_the_key_is_shown_without_it()
    {
        var fake = new FakeGateway();
        var environment = Env(CloudflareWithToken);
        using var client = new AiGatewayChatClient(new AiGatewayOptions { Environment = environment }, new HttpClient(new FaultInjector(fake, CredentialHeaders.All) { Fault = Fault.MalformedEchoingKey }));

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" }))
            {
            }
        });

        Assert.Contains("Data: {\"oops\": \"[REDACTED]", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FindLeaks([("Message", ex.Message), ("ToString()", ex.ToString())]));
    }

    [Fact]
    public async Task The_pipelines_http_client_logs_no_request_headers_even_at_trace()
    {
        using var captured = new CapturedText();
        using var pipeline = DiPipeline.Create(
            GatewaySetups.VercelKeyed.Environment,
            logging: logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(captured));

        await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" });

        Assert.True(Assert.Single(pipeline.Fake.Requests).Headers["authorization"].EndsWith(GatewaySetups.VercelKey, StringComparison.Ordinal), "the key was sent");
        Assert.DoesNotContain(captured.LogLines, line => line.Contains("Request Headers", StringComparison.Ordinal));
        Assert.DoesNotContain(captured.LogLines, line => line.Contains(GatewaySetups.VercelKey, StringComparison.Ordinal));
    }

    private static IEnvironmentSource Env((string Name, string Value)[] variables) =>
        EnvironmentSource.FromDictionary(variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));
}
