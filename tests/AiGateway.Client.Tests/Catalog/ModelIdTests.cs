using AiGateway.Client.Catalog;

namespace AiGateway.Client.Tests.Catalog;

public sealed class ModelIdTests
{
    [Theory]
    [InlineData("Claude-Sonnet-4.5", "claude-sonnet-4-5")]
    [InlineData(" gpt-5.4 ", "gpt-5-4")]
    [InlineData("anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4-5")]
    public void Normalize_lowercases_trims_and_dashes_dots(string id, string expected)
    {
        Assert.Equal(expected, ModelId.Normalize(id));
    }

    [Theory]
    [InlineData("claude-sonnet-4-7", "anthropic/claude-sonnet-4.7")]
    [InlineData("CLAUDE-SONNET-4-7-20260101", "anthropic/claude-sonnet-4.7-20260101")]
    [InlineData("claude-3-5-haiku", "anthropic/claude-3.5-haiku")]
    [InlineData("gpt-5-6", "openai/gpt-5.6")]
    [InlineData("gpt-5-6-mini", "openai/gpt-5.6-mini")]
    [InlineData("gpt-5-2025-08-07", "openai/gpt-5-2025-08-07")]
    [InlineData("gpt-5.6-2026-10-01", "openai/gpt-5.6-2026-10-01")]
    [InlineData("databricks-gemini-3-5-flash", "google/gemini-3.5-flash")]
    [InlineData("google-ai-studio/gemini-3.5-flash", "google/gemini-3.5-flash")]
    [InlineData("models/gemini-3.5-pro", "google/gemini-3.5-pro")]
    [InlineData("databricks-llama-4-maverick", "meta/llama-4-maverick")]
    [InlineData("llama-3-1-8b-instruct", "meta/llama-3.1-8b-instruct")]
    [InlineData("@cf/meta/llama-4-scout", "workers-ai/@cf/meta/llama-4-scout")]
    [InlineData("workers-ai/@cf/qwen/qwq-32b", "workers-ai/@cf/qwen/qwq-32b")]
    [InlineData("mistral/mistral-large-3", "mistral/mistral-large-3")]
    [InlineData("house-model-v2", "unknown/house-model-v2")]
    public void Unknown_ids_get_a_canonical_id_by_the_mechanical_rule(string id, string expected)
    {
        Assert.Equal(expected, ModelId.ToCanonical(id));
    }

    [Theory]
    [InlineData("claude-x", "anthropic")]
    [InlineData("gemma-3-27b", "google")]
    [InlineData("o4-mini-high", "openai")]
    [InlineData("grok-5", "xai")]
    [InlineData("qwen3-next-80b", "alibaba")]
    [InlineData("kimi-k3", "moonshotai")]
    [InlineData("deepseek-v4", "deepseek")]
    [InlineData("acme/foo", "acme")]
    [InlineData("something", ModelId.UnknownCreator)]
    public void Creator_is_inferred_from_the_name(string id, string creator)
    {
        Assert.Equal(creator, ModelId.InferCreator(id));
    }

    [Theory]
    [InlineData(GatewayKind.Vercel, "anthropic/claude-sonnet-4.5")]
    [InlineData(GatewayKind.Netlify, "claude-sonnet-4-5")]
    [InlineData(GatewayKind.Cloudflare, "claude-sonnet-4-5")]
    [InlineData(GatewayKind.Direct, "claude-sonnet-4-5")]
    [InlineData(GatewayKind.Neon, "claude-sonnet-4-5")]
    [InlineData(GatewayKind.Rebyte, "claude-sonnet-4.5")]
    [InlineData(GatewayKind.OpenAICompatible, "anthropic/claude-sonnet-4.5")]
    public void Mechanical_wire_id_per_gateway_for_an_anthropic_model(GatewayKind gateway, string expected)
    {
        Assert.Equal(expected, ModelId.ForGateway(new CatalogModel("anthropic/claude-sonnet-4.5"), gateway));
    }

    [Theory]
    [InlineData(GatewayKind.Vercel, "google/gemini-2.5-flash")]
    [InlineData(GatewayKind.Netlify, "gemini-2.5-flash")]
    [InlineData(GatewayKind.Neon, "gemini-2-5-flash")]
    [InlineData(GatewayKind.Rebyte, "gemini-2.5-flash")]
    public void Mechanical_wire_id_per_gateway_keeps_google_dots_except_on_neon(GatewayKind gateway, string expected)
    {
        Assert.Equal(expected, ModelId.ForGateway(new CatalogModel("google/gemini-2.5-flash"), gateway));
    }
}
