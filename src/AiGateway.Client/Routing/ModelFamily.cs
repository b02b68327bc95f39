using AiGateway.Client.Catalog;

namespace AiGateway.Client.Routing;

/// <summary>The model families of the routing table in docs/gateways.md (its columns).</summary>
internal enum ModelFamily
{
    /// <summary>OpenAI models served over Chat Completions and Responses.</summary>
    OpenAI,

    /// <summary>OpenAI models served only over Responses (codex, *-pro).</summary>
    OpenAIResponsesOnly,

    /// <summary>Anthropic models (Messages natively).</summary>
    Anthropic,

    /// <summary>Google models (generateContent natively).</summary>
    Google,

    /// <summary>Everyone else, including open-weight models hosted by third parties and Workers AI.</summary>
    Other,
}

/// <summary>Finds a model's <see cref="ModelFamily"/>.</summary>
internal static class ModelFamilies
{
    public static ModelFamily Of(CatalogModel model)
    {
        if (model.IsResponsesOnly)
        {
            return ModelFamily.OpenAIResponsesOnly;
        }

        return model.Creator switch
        {
            "anthropic" => ModelFamily.Anthropic,
            "google" => ModelFamily.Google,

            // gpt-oss is open-weight: OpenAI's own API does not serve it, and Neon routes it to Chat Completions
            // (Neon's AI SDK provider rule, docs/gateways.md, Neon).
            "openai" when !model.Name.StartsWith("gpt-oss", StringComparison.Ordinal) => ModelFamily.OpenAI,
            _ => ModelFamily.Other,
        };
    }
}
