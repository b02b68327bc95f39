using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiGateway.Client.DependencyInjection;

/// <summary>
/// The options and HTTP-client registration the embedding and image pipelines share with chat: the app's
/// <c>AiGateway</c> section (default pipelines only), the configure callback, and the named client <c>"AiGateway"</c>
/// (<c>"AiGateway:{key}"</c> for keyed pipelines) set up as chat sets it up.
/// </summary>
internal static class AiGatewayServiceRegistration
{
    /// <summary>Registers named options for one feature's pipeline; returns the options name and the HTTP client name.</summary>
    public static (string OptionsName, string HttpClientName) Register(
        IServiceCollection services, string feature, object? serviceKey, Action<AiGatewayOptions>? configure, IConfiguration? section)
    {
        // Each feature's pipeline has its own options instance (a configure callback for embeddings must not change
        // chat's options), bound from the same section.
        var optionsName = serviceKey is null ? $"AiGateway:{feature}" : $"AiGateway:{feature}:{serviceKey}";
        var httpClientName = serviceKey is null ? AiGatewayDefaults.HttpClientName : $"{AiGatewayDefaults.HttpClientName}:{serviceKey}";
        var optionsBuilder = services.AddOptions<AiGatewayOptions>(optionsName);
        if (section is not null)
        {
            optionsBuilder.Bind(section);
        }
        else if (serviceKey is null)
        {
            services.AddSingleton<IConfigureOptions<AiGatewayOptions>>(sp =>
                new ConfigureNamedOptions<AiGatewayOptions>(optionsName, options =>
                {
                    if (sp.GetService<IConfiguration>()?.GetSection(AiGatewayDefaults.ConfigurationSectionName) is { } appSection && appSection.Exists())
                    {
                        appSection.Bind(options);
                    }
                }));
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddHttpClient(httpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(client => client.Timeout = AiGatewayDefaults.HttpTimeout)
            // As for chat: the factory's default loggers would record every header (keys included) in structured state.
            .RemoveAllLoggers();
        return (optionsName, httpClientName);
    }
}
