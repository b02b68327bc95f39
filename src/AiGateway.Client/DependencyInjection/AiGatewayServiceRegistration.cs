using AiGateway.Client.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
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
            optionsBuilder.Configure(options => AiGatewayOptionsBinder.Bind(section, options));
        }
        else if (serviceKey is null)
        {
            services.AddSingleton<IConfigureOptions<AiGatewayOptions>>(sp =>
                new ConfigureNamedOptions<AiGatewayOptions>(optionsName, options =>
                {
                    if (sp.GetService<IConfiguration>()?.GetSection(AiGatewayDefaults.ConfigurationSectionName) is { } appSection && appSection.Exists())
                    {
                        AiGatewayOptionsBinder.Bind(appSection, options);
                    }
                }));
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        // As for chat: a wrong configuration fails when the host starts (or when the generator is first resolved).
        services.AddSingleton<IValidateOptions<AiGatewayOptions>>(sp =>
            new AiGatewayOptionsValidator(optionsName, serviceKey is null && section is null ? sp.GetService<IConfiguration>() : null));
        optionsBuilder.ValidateOnStart();

        var httpClient = services.AddHttpClient(httpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(client => client.Timeout = AiGatewayDefaults.HttpTimeout)
            // As for chat: the factory's default loggers would record every header (keys included) in structured state.
            .RemoveAllLoggers();

        // HTTP-level retry and time to first byte, as AddAiGateway adds them to the same named client. One handler per
        // client: the first embeddings/images registration adds it, and it stands aside when AddAiGateway (whose own
        // handler already sits on the client) is registered for the same key, so retries never multiply.
        var marker = new ResilienceMarker(httpClientName);
        if (!services.Any(d => d.ServiceType == typeof(ResilienceMarker) && Equals(d.ImplementationInstance, marker)))
        {
            services.AddSingleton(marker);
            httpClient.AddResilienceHandler(
                $"{AiGatewayHttpResilience.PipelineName}:{feature}:{serviceKey}",
                (pipeline, context) =>
                {
                    if (!ChatRegistered(context.ServiceProvider, serviceKey))
                    {
                        AiGatewayHttpResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptionsMonitor<AiGatewayOptions>>().Get(optionsName), context.InstanceName);
                    }
                })
                .SelectPipelineBy(static _ => AiGatewayHttpResilience.SelectInstance);
        }

        return (optionsName, httpClientName);
    }

    /// <summary>Gets a pipeline's options; a validation failure is a <see cref="GatewayConfigurationException"/>, as for chat.</summary>
    public static AiGatewayOptions GetOptions(IServiceProvider services, string optionsName)
    {
        try
        {
            return services.GetRequiredService<IOptionsMonitor<AiGatewayOptions>>().Get(optionsName);
        }
        catch (OptionsValidationException ex)
        {
            throw new GatewayConfigurationException(string.Join(" ", ex.Failures), ex);
        }
    }

    /// <summary>Whether <c>AddAiGateway</c> registered a chat pipeline on the same key (its resilience handler is then on the client).</summary>
    private static bool ChatRegistered(IServiceProvider services, object? serviceKey) => serviceKey is null
        ? services.GetService<IServiceProviderIsService>()?.IsService(typeof(IChatClient)) == true
        : services.GetService<IServiceProviderIsKeyedService>()?.IsKeyedService(typeof(IChatClient), serviceKey) == true;

    /// <summary>Marks a named client that already has the embeddings/images resilience handler.</summary>
    private sealed record ResilienceMarker(string HttpClientName);
}
