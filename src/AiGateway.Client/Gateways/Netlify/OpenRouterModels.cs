using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Which models Netlify sends over its OpenRouter pair, and the id OpenRouter knows them by: <c>creator/model</c> with
/// OpenRouter's creator names (docs/gateways.md, Netlify, OpenRouter pair).
/// </summary>
internal static class OpenRouterModels
{
    /// <summary>
    /// Tells whether <paramref name="model"/> goes through the OpenRouter pair: its creator is known and is not
    /// OpenAI, Anthropic or Google (served by Netlify's own provider pairs), nor Cloudflare Workers AI.
    /// </summary>
    public static bool Serves(CatalogModel model) =>
        ModelProviders.Of(model) == ModelProvider.Other
        && !ModelProviders.IsWorkersAI(model)
        && !model.Creator.Equals(ModelId.UnknownCreator, StringComparison.Ordinal);

    /// <summary>
    /// Gets OpenRouter's id for <paramref name="model"/>: an id the catalog does not know, written as
    /// <c>creator/model</c>, goes as written (the caller named it in OpenRouter's form); otherwise our creator is mapped
    /// to OpenRouter's (<c>meta</c> → <c>meta-llama</c>, …) before the model name. OpenRouter's ids are
    /// <c>creator/model</c> with dotted versions (<c>meta-llama/llama-3.1-8b-instruct</c>, <c>mistralai/…</c>,
    /// <c>x-ai/…</c>, <c>qwen/…</c>), as our canonical names are.
    /// </summary>
    public static string WireId(CatalogModel model)
    {
        if (!model.IsKnown && model.Aliases.Count > 0 && model.Aliases[0].IndexOf('/', StringComparison.Ordinal) is > 0 and var slash)
        {
            // As written, with only a creator of ours (meta/…) renamed to OpenRouter's (meta-llama/…).
            var written = model.Aliases[0];
            var creator = written[..slash].ToLowerInvariant();
            var renamed = CreatorName(creator);
            return renamed == creator ? written : renamed + written[slash..];
        }

        return CreatorName(model.Creator) + "/" + model.Name;
    }

    /// <summary>Our creator names (ModelId.InferCreator) where OpenRouter spells them differently.</summary>
    internal static string CreatorName(string creator) => creator switch
    {
        "meta" => "meta-llama",
        "mistral" => "mistralai",
        "xai" => "x-ai",
        "alibaba" => "qwen",
        _ => creator,
    };
}
