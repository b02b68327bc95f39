using AiGateway.Client;
using AiGateway.Client.Middleware.Tagging;

#pragma warning disable IDE0130 // Beside Microsoft.Extensions.AI's own Use* extensions, so the pipeline chain needs no extra using.
namespace Microsoft.Extensions.AI;
#pragma warning restore IDE0130

/// <summary>Adds <see cref="TaggingChatClient"/> to a chat client pipeline.</summary>
public static class TaggingChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the tags-and-user layer: every request carries the default tags and user, those of the ambient
    /// <see cref="AiGatewayScope"/> and its own, merged and checked before sending.
    /// </summary>
    /// <param name="builder">The pipeline's builder (from <c>services.AddAiGateway()</c> or any <see cref="ChatClientBuilder"/>).</param>
    /// <param name="configure">Sets the default tags, user and limits.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseTags(this ChatClientBuilder builder, Action<TaggingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new TaggingOptions();
        configure?.Invoke(options);
        return builder.Use((inner, _) => new TaggingChatClient(inner, options));
    }
}
