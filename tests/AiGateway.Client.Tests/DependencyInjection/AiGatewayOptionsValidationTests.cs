using AiGateway.Client.Gateways;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiGateway.Client.Tests.DependencyInjection;

/// <summary>
/// A wrong configuration fails when the host starts (<c>ValidateOnStart</c>, run here through the
/// <see cref="IAsyncStartupValidator"/> a host calls), with messages that name the configuration key.
/// </summary>
public sealed class AiGatewayOptionsValidationTests
{
    private static readonly IEnvironmentSource NoVariables = EnvironmentSource.FromDictionary([]);

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<AiGatewayOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddAiGateway(o => { o.Environment = NoVariables; configure?.Invoke(o); });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task No_gateway_fails_at_start_and_says_no_AiGateway_section_was_found()
    {
        using var provider = Build([]);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));

        Assert.Contains("No AI gateway was found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("No 'AiGateway' configuration section was found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelled_key_fails_at_start_with_its_name()
    {
        using var provider = Build(new() { ["AiGateway:BaseUrl"] = "https://gw.test/v1", ["AiGateway:DefaultModle"] = "gpt-5.4" });

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));

        Assert.Contains("AiGateway:DefaultModle", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultModel", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keyed_pipelines_subsection_is_not_taken_for_a_misspelling()
    {
        using var provider = Build(new() { ["AiGateway:BaseUrl"] = "https://gw.test/v1", ["AiGateway:Fast:BaseUrl"] = "https://fast.test/v1" });

        await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None);

        Assert.NotNull(provider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public async Task IncludeStreamingRawRepresentation_is_read_from_configuration()
    {
        using var provider = Build(new() { ["AiGateway:BaseUrl"] = "https://gw.test/v1", ["AiGateway:IncludeStreamingRawRepresentation"] = "true" });

        await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None);

        Assert.True(provider.GetRequiredService<IOptionsMonitor<AiGatewayOptions>>().Get(Options.DefaultName).IncludeStreamingRawRepresentation);
    }

    [Fact]
    public async Task A_valid_configuration_starts()
    {
        using var provider = Build(new() { ["AiGateway:BaseUrl"] = "https://gw.test/v1", ["AiGateway:DefaultModel"] = "openai/gpt-5.4", ["AiGateway:MaxRetries"] = "1" });

        await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None);

        Assert.Equal("openai/gpt-5.4", provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void A_client_resolved_outside_a_host_fails_with_a_configuration_error()
    {
        using var provider = Build([]);

        var ex = Assert.Throws<GatewayConfigurationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains("No AI gateway was found", ex.Message, StringComparison.Ordinal);
    }
}
