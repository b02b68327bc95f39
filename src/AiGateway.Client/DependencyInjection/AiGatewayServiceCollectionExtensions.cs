using AiGateway.Client;
using AiGateway.Client.DependencyInjection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // Extension methods on IServiceCollection live in its namespace, as the Microsoft.Extensions.* packages do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the AI gateway <see cref="IChatClient"/> and its pipeline.</summary>
public static class AiGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IChatClient"/> (singleton) backed by the AI gateway the environment provides. Options
    /// come from the app's <see cref="IConfiguration"/> section <c>AiGateway</c> when one is registered, then
    /// <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options in code.</param>
    /// <returns>A builder to add middleware with.</returns>
    public static AiGatewayBuilder AddAiGateway(this IServiceCollection services, Action<AiGatewayOptions>? configure = null) =>
        Add(services, serviceKey: null, configure, section: null);

    /// <summary>Registers <see cref="IChatClient"/> (singleton) with options bound from <paramref name="section"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section holding the options (for example <c>configuration.GetSection("AiGateway")</c>).</param>
    /// <param name="configure">Changes the options in code after binding.</param>
    /// <returns>A builder to add middleware with.</returns>
    public static AiGatewayBuilder AddAiGateway(this IServiceCollection services, IConfiguration section, Action<AiGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Add(services, serviceKey: null, configure, section);
    }

    /// <summary>
    /// Registers a keyed <see cref="IChatClient"/> (singleton): an independent pipeline with its own options and HTTP
    /// client (named <c>AiGateway:{key}</c>). It does not read the app's <c>AiGateway</c> section, which belongs to the
    /// default pipeline; pass a section of its own with the other overload.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it with.</param>
    /// <param name="configure">Changes the options in code.</param>
    /// <returns>A builder to add middleware with.</returns>
    public static AiGatewayBuilder AddKeyedAiGateway(this IServiceCollection services, object serviceKey, Action<AiGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        return Add(services, serviceKey, configure, section: null);
    }

    /// <summary>Registers a keyed <see cref="IChatClient"/> (singleton) with options bound from <paramref name="section"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it with.</param>
    /// <param name="section">The configuration section holding this pipeline's options (for example <c>configuration.GetSection("AiGateway:Fast")</c>).</param>
    /// <param name="configure">Changes the options in code after binding.</param>
    /// <returns>A builder to add middleware with.</returns>
    public static AiGatewayBuilder AddKeyedAiGateway(this IServiceCollection services, object serviceKey, IConfiguration section, Action<AiGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(section);
        return Add(services, serviceKey, configure, section);
    }

    private static AiGatewayBuilder Add(IServiceCollection services, object? serviceKey, Action<AiGatewayOptions>? configure, IConfiguration? section)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsName = serviceKey is null ? Options.Options.DefaultName : $"AiGateway:{serviceKey}";
        var httpClientName = serviceKey is null ? AiGatewayDefaults.HttpClientName : $"{AiGatewayDefaults.HttpClientName}:{serviceKey}";

        var optionsBuilder = services.AddOptions<AiGatewayOptions>(optionsName);
        if (section is not null)
        {
            optionsBuilder.Bind(section);
        }
        else if (serviceKey is null)
        {
            // Bind the app's "AiGateway" section when the host registered an IConfiguration (default pipeline only).
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

        var builder = new AiGatewayBuilder(services, serviceKey, optionsName, httpClient);
        IChatClient Create(IServiceProvider sp)
        {
            var options = sp.GetRequiredService<IOptionsMonitor<AiGatewayOptions>>().Get(optionsName);
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName);
            var leaf = new AiGatewayChatClient(options, http, sp.GetService<ILoggerFactory>());
            return builder.Build(leaf, sp);
        }

        if (serviceKey is null)
        {
            services.AddSingleton(Create);
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (sp, _) => Create(sp));
        }

        return builder;
    }
}
