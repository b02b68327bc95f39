using AiGateway.Client;
using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Middleware.Failover;
using AiGateway.Client.Middleware.Tagging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // Builder extensions live in MEAI's namespace, as MEAI's own Use* methods do.
namespace Microsoft.Extensions.AI;
#pragma warning restore IDE0130

/// <summary>The gateway middleware for embedding pipelines: budgets, tags and failover across models of the same dimensions.</summary>
public static class AiGatewayEmbeddingGeneratorBuilderExtensions
{
    /// <summary>
    /// Keeps calls within budget rules (<see cref="BudgetEmbeddingGenerator"/>), with the <see cref="IBudgetStore"/>
    /// and <see cref="TimeProvider"/> registered in DI when the options name none, so chat and embeddings share one budget.
    /// Add it first (outermost), as for chat.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the rules, store, thresholds.</param>
    /// <returns>The builder.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> UseBudget(this EmbeddingGeneratorBuilder<string, Embedding<float>> builder, Action<BudgetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new BudgetOptions();
        configure(options);
        return builder.Use((inner, services) =>
            new BudgetEmbeddingGenerator(inner, options, services.GetService<IBudgetStore>(), services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>()));
    }

    /// <summary>Adds default tags and user, and those of <c>AiGatewayScope</c>, to every request (<see cref="TaggingEmbeddingGenerator"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets default tags, user and limits.</param>
    /// <returns>The builder.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> UseTags(this EmbeddingGeneratorBuilder<string, Embedding<float>> builder, Action<TaggingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new TaggingOptions();
        configure?.Invoke(options);
        return builder.Use(inner => new TaggingEmbeddingGenerator(inner, options));
    }

    /// <summary>
    /// Tries <paramref name="fallbackModels"/> in order when a call fails transiently (<see cref="GatewayFailoverEmbeddingGenerator"/>).
    /// Every fallback must return vectors of the default model's length; another length is an <see cref="ArgumentException"/> when the pipeline is built.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="fallbackModels">The fallback models, in order.</param>
    /// <returns>The builder.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> UseFailover(this EmbeddingGeneratorBuilder<string, Embedding<float>> builder, IEnumerable<string> fallbackModels)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(fallbackModels);
        var models = fallbackModels.ToArray();
        return builder.Use(inner => new GatewayFailoverEmbeddingGenerator(
            inner, models, inner.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId));
    }
}
