using System.Diagnostics.CodeAnalysis;
using AiGateway.Client;
using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Middleware.Tagging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // Builder extensions live in MEAI's namespace, as MEAI's own Use* methods do.
namespace Microsoft.Extensions.AI;
#pragma warning restore IDE0130

/// <summary>
/// The gateway middleware for image pipelines: budgets and tags. Experimental, as <see cref="IImageGenerator"/> is.
/// There is no image failover: image models differ in sizes, aspect ratios and edit support, so no fallback is
/// equivalent the way embedding models of one length are.
/// </summary>
[Experimental(AiGatewayDiagnosticIds.ImageGeneration)]
public static class AiGatewayImageGeneratorBuilderExtensions
{
    /// <summary>
    /// Keeps calls within budget rules (<see cref="BudgetImageGenerator"/>), with the <see cref="IBudgetStore"/> and
    /// <see cref="TimeProvider"/> registered in DI when the options name none, so chat, embeddings and images share one
    /// budget. Add it first (outermost), as for chat.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the rules, store, thresholds.</param>
    /// <returns>The builder.</returns>
    public static ImageGeneratorBuilder UseBudget(this ImageGeneratorBuilder builder, Action<BudgetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new BudgetOptions();
        configure(options);
        return builder.Use((inner, services) =>
            new BudgetImageGenerator(inner, options, services.GetService<IBudgetStore>(), services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>()));
    }

    /// <summary>Adds default tags and user, and those of <c>AiGatewayScope</c>, to every request (<see cref="TaggingImageGenerator"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets default tags, user and limits.</param>
    /// <returns>The builder.</returns>
    public static ImageGeneratorBuilder UseTags(this ImageGeneratorBuilder builder, Action<TaggingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new TaggingOptions();
        configure?.Invoke(options);
        return builder.Use(inner => new TaggingImageGenerator(inner, options));
    }
}
