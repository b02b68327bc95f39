using System.Security.Authentication;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Tests;

/// <summary>Messages read by people who print only <see cref="Exception.Message"/> (as the samples do).</summary>
public sealed class AiGatewayChatClientMessageTests
{
    private sealed class ThrowingHandler(Exception exception) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromException<HttpResponseMessage>(exception);
    }

    [Fact]
    public async Task A_connection_failure_ends_its_sentence_before_the_advice()
    {
        using var client = new TestGateway().CreateClient(new ThrowingHandler(new HttpRequestException("Connection refused (gateway.test:443)")));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.Contains("Connection refused (gateway.test:443). Check the network", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_failure_carries_the_inner_detail_instead_of_pointing_at_it()
    {
        var tls = new HttpRequestException("The SSL connection could not be established, see inner exception.",
            new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));
        using var client = new TestGateway().CreateClient(new ThrowingHandler(tls));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.Contains("The SSL connection could not be established: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot. Check the network", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_inner_detail_is_redacted()
    {
        var inner = new IOException($"proxy refused Authorization: Bearer {TestGateway.Key}");
        using var client = new TestGateway().CreateClient(new ThrowingHandler(new HttpRequestException("An error occurred while sending the request.", inner)));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.DoesNotContain(TestGateway.Key, ex.Message, StringComparison.Ordinal);
        Assert.Contains("proxy refused", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_warning_suggests_catalog_ids_like_the_strict_error()
    {
        var logs = new ListLogger();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var fake = new AiGateway.Client.Testing.FakeGateway();
        using var client = new AiGatewayChatClient(
            new AiGatewayOptions { DefaultModel = "claude-sonet-4-5", Environment = EnvironmentSource.FromDictionary([]) },
            GatewayEnvironment.FromProfiles(new TestGateway()),
            new HttpClient(fake),
            loggerFactory);

        await client.GetResponseAsync("hi");

        var warning = Assert.Single(logs.Lines, l => l.Contains("is not in the catalog", StringComparison.Ordinal));
        Assert.Contains("Did you mean 'anthropic/claude-sonnet-4.5'", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_client_throws_instead_of_sending()
    {
        var fake = new AiGateway.Client.Testing.FakeGateway();
        var client = new TestGateway().CreateClient(fake);
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync("hi"));
        Assert.Empty(fake.Requests);
    }
}
