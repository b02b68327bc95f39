using System.Globalization;
using System.Text;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Catalog;

/// <summary>
/// The rules that turn the many ways a model id is written into one catalog model, and a catalog model into the id
/// each gateway expects. Users write <c>claude-sonnet-4-5</c>, <c>claude-sonnet-4.5</c>, <c>anthropic/claude-sonnet-4-5</c>,
/// <c>databricks-claude-sonnet-4-5</c>, <c>google-ai-studio/gemini-2.5-flash</c> or <c>workers-ai/@cf/…</c> in any case;
/// gateways want the canonical id (Vercel), the provider-native id (Netlify, Cloudflare, direct providers), the id with
/// every dot a dash (Neon) or the canonical id without its creator (Rebyte).
/// </summary>
internal static class ModelId
{
    /// <summary>The creator given to an id whose creator cannot be inferred.</summary>
    public const string UnknownCreator = "unknown";

    /// <summary>The creator of Cloudflare Workers AI models (<c>@cf/…</c>), whose canonical id is <c>workers-ai/@cf/…</c>.</summary>
    public const string WorkersAICreator = "workers-ai";

    private const string DatabricksPrefix = "databricks-";
    private const string WorkersAIModelPrefix = "@cf/";

    /// <summary>
    /// Gets the form two ids are compared in: trimmed, lower-case, every dot a dash. <c>Claude-Sonnet-4.5</c> and
    /// <c>claude-sonnet-4-5</c> both become <c>claude-sonnet-4-5</c>.
    /// </summary>
    /// <param name="modelId">An id as written anywhere.</param>
    /// <returns>The comparison key.</returns>
    public static string Normalize(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return modelId.Trim().ToLowerInvariant().Replace('.', '-');
    }

    /// <summary>
    /// Gets the keys to try, most specific first, when looking <paramref name="modelId"/> up: the whole id, then without
    /// a <c>databricks-</c> prefix, then without whatever precedes the first slash (a creator such as <c>anthropic/</c>,
    /// or Cloudflare's provider segment such as <c>google-ai-studio/</c>).
    /// </summary>
    internal static IEnumerable<string> LookupKeys(string modelId)
    {
        var key = Normalize(modelId);
        yield return key;
        var withoutDatabricks = StripDatabricks(key);
        if (!ReferenceEquals(withoutDatabricks, key))
        {
            yield return withoutDatabricks;
        }

        var slash = withoutDatabricks.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < withoutDatabricks.Length - 1 && !withoutDatabricks.StartsWith(WorkersAIModelPrefix, StringComparison.Ordinal))
        {
            var rest = withoutDatabricks[(slash + 1)..];
            yield return rest;
            var restWithoutDatabricks = StripDatabricks(rest);
            if (!ReferenceEquals(restWithoutDatabricks, rest))
            {
                yield return restWithoutDatabricks;
            }
        }
    }

    /// <summary>
    /// Infers who made a model from how its id starts: <c>claude…</c> → <c>anthropic</c>, <c>gemini…</c> → <c>google</c>,
    /// <c>gpt…</c>/<c>o3…</c> → <c>openai</c>, <c>@cf/…</c> → <c>workers-ai</c>, and a few open-weight families;
    /// a <c>creator/</c> prefix wins. <see cref="UnknownCreator"/> when nothing matches.
    /// </summary>
    /// <param name="modelId">The id.</param>
    /// <returns>The creator, lower-case.</returns>
    public static string InferCreator(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var id = StripDatabricks(modelId.Trim().ToLowerInvariant());
        if (id.StartsWith(WorkersAIModelPrefix, StringComparison.Ordinal))
        {
            return WorkersAICreator;
        }

        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            return CreatorOfPrefix(id[..slash]);
        }

        return id switch
        {
            _ when id.StartsWith("claude", StringComparison.Ordinal) => "anthropic",
            _ when StartsWithAny(id, "gemini", "gemma", "learnlm", "imagen") => "google",
            _ when StartsWithAny(id, "gpt", "chatgpt", "codex", "o1", "o3", "o4") => "openai",
            _ when StartsWithAny(id, "llama", "meta-llama") => "meta",
            _ when StartsWithAny(id, "mistral", "mixtral", "codestral", "magistral", "devstral", "ministral", "pixtral") => "mistral",
            _ when id.StartsWith("grok", StringComparison.Ordinal) => "xai",
            _ when id.StartsWith("deepseek", StringComparison.Ordinal) => "deepseek",
            _ when StartsWithAny(id, "qwen", "qwq") => "alibaba",
            _ when id.StartsWith("kimi", StringComparison.Ordinal) => "moonshotai",
            _ => UnknownCreator,
        };
    }

    /// <summary>
    /// Builds the canonical id of a model the catalog does not know, by the mechanical rule: the creator (given or
    /// inferred), then the name in lower case with version numbers dotted as Vercel writes them
    /// (<c>claude-sonnet-4-7</c> → <c>anthropic/claude-sonnet-4.7</c>, <c>gpt-5-6</c> → <c>openai/gpt-5.6</c>,
    /// <c>databricks-gemini-3-5-flash</c> → <c>google/gemini-3.5-flash</c>; dates stay dashed).
    /// </summary>
    /// <param name="modelId">The id as the caller wrote it.</param>
    /// <returns>The canonical id (<c>creator/model</c>).</returns>
    public static string ToCanonical(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var id = StripDatabricks(modelId.Trim().ToLowerInvariant());
        string creator, name;
        if (id.StartsWith(WorkersAIModelPrefix, StringComparison.Ordinal))
        {
            return WorkersAICreator + "/" + id;
        }

        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < id.Length - 1)
        {
            creator = CreatorOfPrefix(id[..slash]);
            name = StripDatabricks(id[(slash + 1)..]);
            if (creator == WorkersAICreator)
            {
                return creator + "/" + name;
            }
        }
        else
        {
            name = id.Trim('/');
            creator = InferCreator(name);
        }

        return creator + "/" + DotVersions(name);
    }

    /// <summary>
    /// Gets the provider-native id of <paramref name="model"/> by the mechanical rule (what Netlify, Cloudflare's
    /// provider paths and the providers' own APIs take): Anthropic versions with dashes (<c>claude-sonnet-4-5</c>),
    /// everything else as named (<c>gpt-5.4</c>, <c>gemini-2.5-flash</c>, <c>@cf/meta/llama-3.1-8b-instruct</c>).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <returns>The provider-native id.</returns>
    public static string ToProviderNative(CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Creator == "anthropic" ? model.Name.Replace('.', '-') : model.Name;
    }

    /// <summary>
    /// Gets the id <paramref name="gateway"/> expects for <paramref name="model"/> by the mechanical rule, ignoring the
    /// exceptions in <see cref="CatalogModel.WireIds"/>: Vercel the canonical id; Netlify, Cloudflare and direct
    /// providers the provider-native id; Neon every dot a dash and no creator; Rebyte the canonical id without its
    /// creator; an explicit OpenAI-compatible endpoint the canonical id (the router sends the caller's own id there
    /// when it has one). A model the catalog does not know is sent as
    /// the caller wrote it to an OpenAI-compatible endpoint, and to every gateway when not even its creator is known.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="gateway">The gateway.</param>
    /// <returns>The wire id.</returns>
    public static string ForGateway(CatalogModel model, GatewayKind gateway)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.IsKnown && (gateway == GatewayKind.OpenAICompatible || model.Creator == UnknownCreator) && model.Aliases.Count > 0)
        {
            return model.Aliases[0];
        }

        return GatewayRouting.For(gateway).WireId(model);
    }

    /// <summary>Tells whether an OpenAI model is served only over Responses, by name (codex and pro models).</summary>
    internal static bool LooksResponsesOnly(string creator, string name) =>
        creator == "openai"
        && (name.Contains("codex", StringComparison.Ordinal) || name.EndsWith("-pro", StringComparison.Ordinal) || name.Contains("-pro-", StringComparison.Ordinal));

    /// <summary>
    /// Dots a version written with dashes: a one- or two-digit number right after a word, followed by another one- or
    /// two-digit number (<c>sonnet-4-5</c> → <c>sonnet-4.5</c>, <c>gpt-5-4-mini</c> → <c>gpt-5.4-mini</c>); dates
    /// (<c>2025-08-07</c>, <c>20250929</c>) and sizes (<c>8b</c>) are left alone.
    /// </summary>
    internal static string DotVersions(string name)
    {
        var parts = name.Split('-');
        if (parts.Length < 3)
        {
            return name;
        }

        var builder = new StringBuilder(name.Length);
        builder.Append(parts[0]);
        for (var i = 1; i < parts.Length; i++)
        {
            var joinWithDot = i >= 2
                && IsShortNumber(parts[i]) && IsShortNumber(parts[i - 1])
                && !IsNumber(parts[i - 2]);
            builder.Append(joinWithDot ? '.' : '-').Append(parts[i]);
        }

        return builder.ToString();
    }

    private static bool IsShortNumber(string part) => part.Length is 1 or 2 && IsNumber(part);

    private static bool IsNumber(string part) => part.Length > 0 && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static string StripDatabricks(string id) =>
        id.StartsWith(DatabricksPrefix, StringComparison.OrdinalIgnoreCase) && id.Length > DatabricksPrefix.Length ? id[DatabricksPrefix.Length..] : id;

    /// <summary>Maps the segment before a slash to a creator: Cloudflare's and Google's own path segments mean Google.</summary>
    private static string CreatorOfPrefix(string prefix) => prefix switch
    {
        "google-ai-studio" or "google-vertex-ai" or "models" or "gemini" or "vertex" => "google",
        "azure-openai" => "openai",
        _ => prefix,
    };

    private static bool StartsWithAny(string id, params string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
