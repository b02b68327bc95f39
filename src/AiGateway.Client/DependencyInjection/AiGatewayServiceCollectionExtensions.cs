using AiGateway.Client;
using AiGateway.Client.DependencyInjection;
using AiGateway.Client.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // Extension methods on IServiceCollection live in its namespace, as the Microsoft.Extensions.* packages do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the AI gateway <see cref="IChatClient"/> as the inner client of a Microsoft.Extensions.AI pipeline.</summary>
public static class AiGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IChatClient"/> (singleton, through Microsoft.Extensions.AI's <c>AddChatClient</c>) backed by the
    /// AI gateway the environment provides. Options come from the app's <see cref="IConfiguration"/> section
    /// <c>AiGateway</c> when one is registered, then <paramref name="configure"/>; they are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options in code.</param>
    /// <param name="configureHttpClient">Configures the named HTTP client (<see cref="AiGatewayDefaults.HttpClientName"/>): handlers, a proxy, a primary handler.</param>
    /// <returns>The pipeline's builder: chain <c>UseBudget</c>, <c>UseTags</c>, <c>UseFailover</c> and Microsoft.Extensions.AI's own <c>Use*</c> in any order (the first is the outermost).</returns>
    public static ChatClientBuilder AddAiGateway(this IServiceCollection services, Action<AiGatewayOptions>? configure = null, Action<IHttpClientBuilder>? configureHttpClient = null) =>
        Add(services, serviceKey: null, configure, section: null, configureHttpClient);

    /// <summary>Registers <see cref="IChatClient"/> (singleton) with options bound from <paramref name="section"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section holding the options (for example <c>configuration.GetSection("AiGateway")</c>).</param>
    /// <param name="configure">Changes the options in code after binding.</param>
    /// <param name="configureHttpClient">Configures the named HTTP client.</param>
    /// <returns>The pipeline's builder.</returns>
    public static ChatClientBuilder AddAiGateway(this IServiceCollection services, IConfiguration section, Action<AiGatewayOptions>? configure = null, Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Add(services, serviceKey: null, configure, section, configureHttpClient);
    }

    /// <summary>
    /// Registers a keyed <see cref="IChatClient"/> (singleton, through <c>AddKeyedChatClient</c>): an independent pipeline
    /// with its own options, HTTP client (named <c>AiGateway:{key}</c>) and budget store (an <c>IBudgetStore</c> registered
    /// under the same key). It does not read the app's <c>AiGateway</c> section, which belongs to the default pipeline;
    /// pass a section of its own with the other overload.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it with.</param>
    /// <param name="configure">Changes the options in code.</param>
    /// <param name="configureHttpClient">Configures this pipeline's named HTTP client.</param>
    /// <returns>The pipeline's builder.</returns>
    public static ChatClientBuilder AddKeyedAiGateway(this IServiceCollection services, object serviceKey, Action<AiGatewayOptions>? configure = null, Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        return Add(services, serviceKey, configure, section: null, configureHttpClient);
    }

    /// <summary>Registers a keyed <see cref="IChatClient"/> (singleton) with options bound from <paramref name="section"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it with.</param>
    /// <param name="section">The configuration section holding this pipeline's options (for example <c>configuration.GetSection("AiGateway:Fast")</c>).</param>
    /// <param name="configure">Changes the options in code after binding.</param>
    /// <param name="configureHttpClient">Configures this pipeline's named HTTP client.</param>
    /// <returns>The pipeline's builder.</returns>
    public static ChatClientBuilder AddKeyedAiGateway(this IServiceCollection services, object serviceKey, IConfiguration section, Action<AiGatewayOptions>? configure = null, Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(section);
        return Add(services, serviceKey, configure, section, configureHttpClient);
    }

    private static ChatClientBuilder Add(IServiceCollection services, object? serviceKey, Action<AiGatewayOptions>? configure, IConfiguration? section, Action<IHttpClientBuilder>? configureHttpClient)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsName = serviceKey is null ? Options.Options.DefaultName : $"AiGateway:{serviceKey}";
        var httpClientName = serviceKey is null ? AiGatewayDefaults.HttpClientName : $"{AiGatewayDefaults.HttpClientName}:{serviceKey}";

        var optionsBuilder = services.AddOptions<AiGatewayOptions>(optionsName);
        if (section is not null)
        {
            optionsBuilder.Configure(options => AiGatewayOptionsBinder.Bind(section, options));
        }
        else if (serviceKey is null)
        {
            // Bind the app's "AiGateway" section when the host registered an IConfiguration (default pipeline only).
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

        // A wrong configuration (no gateway, a misspelled key, a bad value) fails when the host starts, not at the
        // first request; outside a host it fails when the client is first resolved.
        services.AddSingleton<IValidateOptions<AiGatewayOptions>>(sp =>
            new AiGatewayOptionsValidator(optionsName, serviceKey is null && section is null ? sp.GetService<IConfiguration>() : null));
        optionsBuilder.ValidateOnStart();

        var httpClient = services.AddHttpClient(httpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            // The client is held by a singleton; the pooled-connection lifetime above handles DNS changes instead.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(client => client.Timeout = AiGatewayDefaults.HttpTimeout)
            // The factory's default loggers write every request header at Trace. Their text masks the values, but the
            // structured state they log carries them raw (HttpHeadersLogValue enumerates the headers unredacted;
            // https://github.com/dotnet/runtime/blob/main/src/libraries/Microsoft.Extensions.Http/src/Logging/HttpHeadersLogValue.cs),
            // so JSON and OpenTelemetry log exporters would record every key. The client logs its own requests instead.
            .RemoveAllLoggers();
        httpClient.AddResilienceHandler(
            serviceKey is null ? AiGatewayHttpResilience.PipelineName : $"{AiGatewayHttpResilience.PipelineName}:{serviceKey}",
            (pipeline, context) => AiGatewayHttpResilience.Configure(
                pipeline, context.ServiceProvider.GetRequiredService<IOptionsMonitor<AiGatewayOptions>>().Get(optionsName), context.InstanceName))
            .SelectPipelineBy(static _ => AiGatewayHttpResilience.SelectInstance);
        configureHttpClient?.Invoke(httpClient);

        IChatClient CreateLeaf(IServiceProvider sp)
        {
            AiGatewayOptions options;
            try
            {
                options = sp.GetRequiredService<IOptionsMonitor<AiGatewayOptions>>().Get(optionsName);
            }
            catch (OptionsValidationException ex)
            {
                // Outside a host nothing validated on start: the app meets the same message in the library's own family.
                throw new GatewayConfigurationException(string.Join(" ", ex.Failures), ex);
            }

            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName);
            return new AiGatewayChatClient(options, http, sp.GetService<ILoggerFactory>()) { PipelineKey = serviceKey };
        }

        var builder = serviceKey is null ? services.AddChatClient(CreateLeaf) : services.AddKeyedChatClient(serviceKey, CreateLeaf);

        // The first Use is the outermost layer, built last: it sees the whole pipeline the app composed and tells the
        // leaf whether Microsoft.Extensions.AI's OpenTelemetryChatClient records the GenAI span and metrics already.
        return builder.Use(static (pipeline, _) =>
        {
            if (pipeline.GetService(typeof(AiGatewayChatClient)) is AiGatewayChatClient leaf)
            {
                leaf.GenAiTelemetryRecordedOutside = pipeline.GetService(typeof(OpenTelemetryChatClient)) is not null;
            }

            return pipeline;
        });
    }
}
