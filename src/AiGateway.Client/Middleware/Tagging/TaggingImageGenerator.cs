using System.Diagnostics.CodeAnalysis;
using AiGateway.Client.Images;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Tagging;

/// <summary>
/// Adds default tags and user, and those of the ambient <see cref="AiGatewayScope"/>, to every image request, as
/// <see cref="TaggingChatClient"/> does for chat: the leaf sends them natively (Vercel <c>providerOptions.gateway</c>,
/// Cloudflare <c>cf-aig-metadata</c>, OpenAI <c>user</c>). Request values win over the scope's, which win over the defaults.
/// Experimental, as <see cref="IImageGenerator"/> is.
/// </summary>
[Experimental(AiGatewayDiagnosticIds.ImageGeneration)]
public class TaggingImageGenerator : DelegatingImageGenerator, IRequestAttributionSource<ImageGenerationOptions>
{
    private readonly string[] _defaultTags;
    private readonly string? _defaultUser;
    private readonly TaggingOptions _options;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerGenerator">The generator to forward to.</param>
    /// <param name="options">Default tags and user, and the limits they are checked against.</param>
    public TaggingImageGenerator(IImageGenerator innerGenerator, TaggingOptions? options = null)
        : base(innerGenerator)
    {
        _options = options ?? new TaggingOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxTags, "options.MaxTags");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxTagLength, "options.MaxTagLength");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxUserLength, "options.MaxUserLength");
        foreach (var tag in _options.DefaultTags)
        {
            TagValidator.ValidateTag(tag, _options.MaxTagLength, "options.DefaultTags");
        }

        _defaultTags = _options.DefaultTags.Distinct(StringComparer.Ordinal).ToArray();
        TagValidator.ValidateCount(_defaultTags.Length, _options.MaxTags, "options.DefaultTags");
        if (_options.DefaultUser is { } user)
        {
            TagValidator.ValidateUser(user, _options.MaxUserLength, "options.DefaultUser");
        }

        _defaultUser = _options.DefaultUser;
    }

    /// <inheritdoc />
    public override Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GenerateAsync(request, ApplyTags(options), cancellationToken);

    /// <summary>Returns the options with the merged tags and user (a copy when anything was added).</summary>
    /// <param name="options">The request's options.</param>
    /// <returns>The options to send.</returns>
    public virtual ImageGenerationOptions? ApplyTags(ImageGenerationOptions? options)
    {
        var requestTags = options.GetTags();
        var scope = AiGatewayScope.Current;
        var merged = _defaultTags.Concat(scope?.Tags ?? []).Concat(requestTags).Distinct(StringComparer.Ordinal).ToArray();
        var user = options.GetUser() ?? scope?.User ?? _defaultUser;
        foreach (var tag in merged)
        {
            TagValidator.ValidateTag(tag, _options.MaxTagLength, "options");
        }

        TagValidator.ValidateCount(merged.Length, _options.MaxTags, "options");
        if (user is not null)
        {
            TagValidator.ValidateUser(user, _options.MaxUserLength, "options");
        }

        if (merged.Length == requestTags.Count && user == options.GetUser())
        {
            return options;
        }

        var copy = options?.Clone() ?? new ImageGenerationOptions();
        copy.AdditionalProperties ??= [];
        if (merged.Length > 0)
        {
            copy.AdditionalProperties[AiGatewayPropertyKeys.Tags] = merged;
        }

        if (user is not null)
        {
            copy.AdditionalProperties[AiGatewayPropertyKeys.User] = user;
        }

        return copy;
    }

    /// <inheritdoc />
    RequestAttribution IRequestAttributionSource<ImageGenerationOptions>.GetAttribution(ImageGenerationOptions? options)
    {
        var applied = ApplyTags(options);
        return new RequestAttribution(applied.GetTags(), applied.GetUser());
    }
}
