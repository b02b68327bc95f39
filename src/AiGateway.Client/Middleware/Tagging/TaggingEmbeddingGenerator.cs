using AiGateway.Client.Embeddings;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Tagging;

/// <summary>
/// Adds default tags and user, and those of the ambient <see cref="AiGatewayScope"/>, to every embeddings request, as
/// <see cref="TaggingChatClient"/> does for chat: the leaf sends them natively (Vercel <c>providerOptions.gateway</c>,
/// Cloudflare <c>cf-aig-metadata</c>, OpenAI <c>user</c>). Request values win over the scope's, which win over the defaults.
/// </summary>
public class TaggingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>, IRequestAttributionSource<EmbeddingGenerationOptions>
{
    private readonly string[] _defaultTags;
    private readonly string? _defaultUser;
    private readonly TaggingOptions _options;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerGenerator">The generator to forward to.</param>
    /// <param name="options">Default tags and user, and the limits they are checked against.</param>
    public TaggingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, TaggingOptions? options = null)
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
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GenerateAsync(values, ApplyTags(options), cancellationToken);

    /// <summary>Returns the options with the merged tags and user (a copy when anything was added).</summary>
    /// <param name="options">The request's options.</param>
    /// <returns>The options to send.</returns>
    public virtual EmbeddingGenerationOptions? ApplyTags(EmbeddingGenerationOptions? options)
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

        var copy = options?.Clone() ?? new EmbeddingGenerationOptions();
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
    RequestAttribution IRequestAttributionSource<EmbeddingGenerationOptions>.GetAttribution(EmbeddingGenerationOptions? options)
    {
        var applied = ApplyTags(options);
        return new RequestAttribution(applied.GetTags(), applied.GetUser());
    }
}
