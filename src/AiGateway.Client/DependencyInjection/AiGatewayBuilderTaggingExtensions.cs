using AiGateway.Client.DependencyInjection;
using AiGateway.Client.Middleware.Tagging;

#pragma warning disable IDE0130 // Beside AddAiGateway, so `services.AddAiGateway().UseTags(...)` needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds <see cref="TaggingChatClient"/> to an AI gateway pipeline.</summary>
public static class AiGatewayBuilderTaggingExtensions
{
    /// <summary>
    /// Adds the tags-and-user layer: every request carries the default tags and user, those of the ambient
    /// <see cref="AiGatewayScope"/> and its own, merged and checked before sending.
    /// </summary>
    /// <param name="builder">The pipeline's builder.</param>
    /// <param name="configure">Sets the default tags, user and limits.</param>
    /// <returns>The builder.</returns>
    public static AiGatewayBuilder UseTags(this AiGatewayBuilder builder, Action<TaggingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new TaggingOptions();
        configure?.Invoke(options);
        return builder.Use((inner, _) => new TaggingChatClient(inner, options));
    }
}
