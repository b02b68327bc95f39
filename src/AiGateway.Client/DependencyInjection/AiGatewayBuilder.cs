using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.DependencyInjection;

/// <summary>
/// Composes the middleware around the leaf <see cref="AiGatewayChatClient"/> for one pipeline registered by
/// <c>AddAiGateway</c>. Like Microsoft.Extensions.AI's <c>ChatClientBuilder</c>, the first <c>Use</c> is the
/// outermost layer: <c>UseBudget().UseTags().UseFailover()</c> gives budget → tags → failover → leaf.
/// </summary>
public sealed class AiGatewayBuilder
{
    private readonly List<Func<IChatClient, IServiceProvider, IChatClient>> _middleware = [];

    internal AiGatewayBuilder(IServiceCollection services, object? serviceKey, string optionsName, IHttpClientBuilder httpClient)
    {
        Services = services;
        ServiceKey = serviceKey;
        OptionsName = optionsName;
        HttpClient = httpClient;
    }

    /// <summary>Gets the service collection the pipeline is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the key of a keyed pipeline, or <see langword="null"/> for the default one.</summary>
    public object? ServiceKey { get; }

    /// <summary>Gets the name of the <see cref="AiGatewayOptions"/> instance this pipeline reads.</summary>
    public string OptionsName { get; }

    /// <summary>Gets the named HTTP client's builder: add handlers, a proxy or a primary handler here.</summary>
    public IHttpClientBuilder HttpClient { get; }

    /// <summary>Adds a middleware layer, created with access to the service provider.</summary>
    /// <param name="middleware">Wraps the inner client and returns the outer one.</param>
    /// <returns>This builder.</returns>
    public AiGatewayBuilder Use(Func<IChatClient, IServiceProvider, IChatClient> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _middleware.Add(middleware);
        return this;
    }

    /// <summary>Adds a middleware layer.</summary>
    /// <param name="middleware">Wraps the inner client and returns the outer one.</param>
    /// <returns>This builder.</returns>
    public AiGatewayBuilder Use(Func<IChatClient, IChatClient> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return Use((inner, _) => middleware(inner));
    }

    /// <summary>Wraps <paramref name="leaf"/> in every layer, the first added outermost.</summary>
    internal IChatClient Build(IChatClient leaf, IServiceProvider services)
    {
        var client = leaf;
        for (var i = _middleware.Count - 1; i >= 0; i--)
        {
            client = _middleware[i](client, services)
                ?? throw new InvalidOperationException($"Middleware #{i + 1} of the AI gateway pipeline returned null.");
        }

        return client;
    }
}
