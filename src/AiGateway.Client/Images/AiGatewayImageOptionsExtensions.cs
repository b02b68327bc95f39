using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Images;

/// <summary>
/// Per-request gateway knobs on <see cref="ImageGenerationOptions"/>: tags and user, as on chat and embedding requests
/// (the gateway is chosen with <see cref="AiGatewayPropertyKeys.Gateway"/> in <see cref="ImageGenerationOptions.AdditionalProperties"/>).
/// Experimental, as <see cref="IImageGenerator"/> is.
/// </summary>
[Experimental(AiGatewayDiagnosticIds.ImageGeneration)]
public static class AiGatewayImageOptionsExtensions
{
    /// <summary>Adds tags for spend attribution (Vercel <c>providerOptions.gateway.tags</c>, Cloudflare <c>cf-aig-metadata</c>).</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="tags">The tags.</param>
    /// <returns>The same options.</returns>
    public static ImageGenerationOptions WithTags(this ImageGenerationOptions options, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tags);
        options.AdditionalProperties = RequestProperties.AddTags(options.AdditionalProperties, tags);
        return options;
    }

    /// <summary>Sets the end-user id the request is made for.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="user">The user id.</param>
    /// <returns>The same options.</returns>
    public static ImageGenerationOptions WithUser(this ImageGenerationOptions options, string user)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        options.AdditionalProperties = RequestProperties.SetUser(options.AdditionalProperties, user);
        return options;
    }

    /// <summary>Gets the tags set on the request.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The tags, empty when none.</returns>
    public static IReadOnlyList<string> GetTags(this ImageGenerationOptions? options) =>
        RequestProperties.Tags(options?.AdditionalProperties);

    /// <summary>Gets the user set on the request.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    public static string? GetUser(this ImageGenerationOptions? options) =>
        RequestProperties.User(options?.AdditionalProperties);
}
