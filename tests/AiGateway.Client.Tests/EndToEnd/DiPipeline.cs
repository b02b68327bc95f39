using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// The app's view: <c>services.AddAiGateway(...)</c> with middleware, <see cref="IChatClient"/> resolved from the
/// container, and <see cref="FakeGateway"/> as the named HTTP client's primary handler (so every byte goes through
/// the real HTTP client factory pipeline).
/// </summary>
internal sealed class DiPipeline : IDisposable
{
    private readonly ServiceProvider _services;

    private DiPipeline(ServiceProvider services, FakeGateway fake)
    {
        _services = services;
        Fake = fake;
    }

    public FakeGateway Fake { get; }

    public IServiceProvider Services => _services;

    public IChatClient Client => _services.GetRequiredService<IChatClient>();

    /// <param name="environment">The variables the gateways are detected from.</param>
    /// <param name="middleware">Adds <c>Use*</c> layers to the builder.</param>
    /// <param name="configureOptions">Changes the options after the environment is set.</param>
    /// <param name="logging">Adds logging (providers, levels); none when <see langword="null"/>.</param>
    /// <param name="handler">Wraps the fake (fault injection); the fake itself when <see langword="null"/>.</param>
    /// <param name="services">Registers more services (a budget store, a clock).</param>
    public static DiPipeline Create(
        IEnvironmentSource environment,
        Action<ChatClientBuilder>? middleware = null,
        Action<AiGatewayOptions>? configureOptions = null,
        Action<ILoggingBuilder>? logging = null,
        Func<FakeGateway, HttpMessageHandler>? handler = null,
        Action<IServiceCollection>? services = null)
    {
        var fake = new FakeGateway();
        var collection = new ServiceCollection();
        if (logging is not null)
        {
            collection.AddLogging(logging);
        }

        services?.Invoke(collection);
        var primary = handler?.Invoke(fake) ?? fake;
        var builder = collection.AddAiGateway(
            options =>
            {
                options.Environment = environment;
                configureOptions?.Invoke(options);
            },
            http => http.ConfigurePrimaryHttpMessageHandler(() => primary));
        middleware?.Invoke(builder);
        return new DiPipeline(collection.BuildServiceProvider(), fake);
    }

    public static DiPipeline Create(GatewaySetup setup, Action<ChatClientBuilder>? middleware = null) =>
        Create(setup.Environment, middleware);

    /// <summary>Environment variables of several setups together (as when more than one gateway is configured).</summary>
    public static IEnvironmentSource Combined(params GatewaySetup[] setups) =>
        EnvironmentSource.FromDictionary(setups.SelectMany(s => s.Variables).Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));

    public void Dispose() => _services.Dispose();
}
