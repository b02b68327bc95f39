using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>Which provider's API natively serves a model: decides the provider route and key on multi-provider gateways.</summary>
internal enum ModelProvider
{
    OpenAI,
    Anthropic,
    Google,
    WorkersAI,
    Other,
}

/// <summary>Classifies catalog models by the provider whose API serves them.</summary>
internal static class ModelProviders
{
    /// <summary>The provider by the model's creator (Workers AI is only a route on Cloudflare, so it is asked separately).</summary>
    /// <remarks>Runs for every dialect on every routed request, so it compares in place rather than upper-casing a copy.</remarks>
    public static ModelProvider Of(CatalogModel model)
    {
        var creator = model.Creator;
        if (creator.Equals("openai", StringComparison.OrdinalIgnoreCase))
        {
            return ModelProvider.OpenAI;
        }

        if (creator.Equals("anthropic", StringComparison.OrdinalIgnoreCase))
        {
            return ModelProvider.Anthropic;
        }

        return creator.Equals("google", StringComparison.OrdinalIgnoreCase) || creator.Equals("gemini", StringComparison.OrdinalIgnoreCase)
            ? ModelProvider.Google
            : ModelProvider.Other;
    }

    /// <summary>
    /// Whether the model is a Cloudflare Workers AI model: its id or an alias starts with <c>@cf/</c>, or its creator is
    /// <c>workers-ai</c> (an id the catalog does not know, such as <c>@cf/meta/llama-3.1-8b-instruct</c>, resolves with
    /// creator <c>@cf</c>).
    /// </summary>
    public static bool IsWorkersAI(CatalogModel model)
    {
        if (model.Creator.Equals("workers-ai", StringComparison.OrdinalIgnoreCase) || model.Creator.Equals("@cf", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (IsCf(model.Id) || IsCf(model.Name))
        {
            return true;
        }

        foreach (var alias in model.Aliases)
        {
            if (IsCf(alias))
            {
                return true;
            }
        }

        return false;

        static bool IsCf(string id) => id.StartsWith("@cf/", StringComparison.OrdinalIgnoreCase);
    }
}
