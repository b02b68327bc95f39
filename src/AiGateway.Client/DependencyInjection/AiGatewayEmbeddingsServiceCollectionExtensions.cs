using AiGateway.Client;
using AiGateway.Client.DependencyInjection;
using AiGateway.Client.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // Extension methods on IServiceCollection live in its namespace, as the Microsoft.Extensions.* packages do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the AI gateway <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> through MEAI's <c>AddEmbeddingGenerator</c>.</summary>
public static class AiGatewayEmbeddingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of <see cref="string"/> to <see cref="Embedding{T}"/>
    /// of <see cref="float"/> (singleton) backed by the gateway the environment provides. Options come from the app's
    /// <c>AiGateway</c> configuration section when an <see cref="IConfiguration"/> is registered (set
    /// <c>AiGateway:EmbeddingModel</c>), then <paramref name="configure"/>; calls go through the HTTP client named
    /// <c>"AiGateway"</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options in code (for example <c>o =&gt; o.EmbeddingModel = "text-embedding-3-small"</c>).</param>
    /// <returns>MEAI's builder, to add middleware with (<c>UseTags</c>, <c>UseFailover</c>, <c>UseOpenTelemetry</c>, …).</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddAiGatewayEmbeddings(this IServiceCollection services, Action<AiGatewayOptions>? configure = null) =>
        Add(services, serviceKey: null, configure, section: null);

    /// <summary>Registers the embedding generator (singleton) with options bound from <paramref name="section"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section holding the options.</param>
    /// <param name="configure">Changes the options in code after binding.</param>
    /// <returns>MEAI's builder, to add middleware with.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddAiGatewayEmbeddings(this IServiceCollection services, IConfiguration section, Action<AiGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Add(services, serviceKey: null, configure, section);
    }

    /// <summary>
    /// Registers a keyed embedding generator (singleton): an independent pipeline with its own options and the HTTP
    /// client named <c>AiGateway:{key}</c>. It does not read the app's <c>AiGateway</c> section; pass one with the other overload.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it with.</param>
    /// <param name="configure">Changes the options in code.</param>
    /// <returns>MEAI's builder, to add middleware with.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedAiGatewayEmbeddings(this IServiceCollection services, object serviceKey, Action<AiGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        return Add(services, serviceKey, configure, section: null);
    }

    /// <summary>Registers a keyed embedding generator (singleton) with options bound from <paramref name="section"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it with.</param>
    /// <param name="section">The configuration section holding this pipeline's options.</param>
    /// <param name="configure">Changes the options in code after binding.</param>
    /// <returns>MEAI's builder, to add middleware with.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedAiGatewayEmbeddings(this IServiceCollection services, object serviceKey, IConfiguration section, Action<AiGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(section);
        return Add(services, serviceKey, configure, section);
    }

    private static EmbeddingGeneratorBuilder<string, Embedding<float>> Add(IServiceCollection services, object? serviceKey, Action<AiGatewayOptions>? configure, IConfiguration? section)
    {
        ArgumentNullException.ThrowIfNull(services);
        var (optionsName, httpClientName) = AiGatewayServiceRegistration.Register(services, "Embeddings", serviceKey, configure, section);
        AiGatewayEmbeddingGenerator Create(IServiceProvider sp)
        {
            var options = AiGatewayServiceRegistration.GetOptions(sp, optionsName);
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName);
            return new AiGatewayEmbeddingGenerator(options, http, sp.GetService<ILoggerFactory>());
        }

        return serviceKey is null
            ? services.AddEmbeddingGenerator(Create)
            : services.AddKeyedEmbeddingGenerator(serviceKey, Create);
    }
}
