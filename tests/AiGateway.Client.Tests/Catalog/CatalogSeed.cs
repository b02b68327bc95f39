namespace AiGateway.Client.Tests.Catalog;

/// <summary>
/// The project's catalog-seed.md restated by hand, independently of catalog.json, so the tests compare two
/// transcriptions of the same facts. Family: openai, R (Responses-only), anthropic, google, oss (open-weight, served
/// by neither Cloudflare's provider paths nor the providers' own APIs), workers (Cloudflare Workers AI only).
/// Netlify/Neon/Rebyte: the id the gateway lists the model under (first = the one sent), null = not listed.
/// Native: the provider-native id Cloudflare and direct providers take (Netlify's id), null = not served there.
/// Prices: USD per 1M tokens (null = not published). Context: the seed's rounded figure.
/// </summary>
public static class CatalogSeed
{
    public static readonly SeedRow[] Rows =
    [
        // Anthropic
        new("anthropic/claude-haiku-4.5", "anthropic", ["claude-haiku-4-5", "claude-haiku-4-5-20251001"], "claude-haiku-4-5", null, "claude-haiku-4-5", 1m, 5m, 0.1m, 200_000),
        new("anthropic/claude-sonnet-4", "anthropic", ["claude-sonnet-4-0", "claude-sonnet-4-20250514"], "claude-sonnet-4", null, "claude-sonnet-4-0", 3m, 15m, 0.3m, 200_000),
        new("anthropic/claude-sonnet-4.5", "anthropic", ["claude-sonnet-4-5", "claude-sonnet-4-5-20250929"], "claude-sonnet-4-5", "claude-sonnet-4.5", "claude-sonnet-4-5", 3m, 15m, 0.3m, 200_000),
        new("anthropic/claude-sonnet-4.6", "anthropic", ["claude-sonnet-4-6"], "claude-sonnet-4-6", null, "claude-sonnet-4-6", 3m, 15m, 0.3m, 1_000_000),
        new("anthropic/claude-opus-4", "anthropic", ["claude-opus-4-20250514"], null, null, "claude-opus-4-20250514", 15m, 75m, 1.5m, 200_000),
        new("anthropic/claude-opus-4.1", "anthropic", ["claude-opus-4-1-20250805"], "claude-opus-4-1", null, "claude-opus-4-1-20250805", 15m, 75m, 1.5m, 200_000),
        new("anthropic/claude-opus-4.5", "anthropic", ["claude-opus-4-5", "claude-opus-4-5-20251101"], "claude-opus-4-5", "claude-opus-4.5", "claude-opus-4-5", 5m, 25m, 0.5m, 200_000),
        new("anthropic/claude-opus-4.6", "anthropic", ["claude-opus-4-6"], "claude-opus-4-6", null, "claude-opus-4-6", 5m, 25m, 0.5m, 1_000_000),
        new("anthropic/claude-opus-4.7", "anthropic", ["claude-opus-4-7"], "claude-opus-4-7", null, "claude-opus-4-7", 5m, 25m, 0.5m, 1_000_000),

        // OpenAI
        new("openai/gpt-4o", "openai", ["gpt-4o"], null, "gpt-4o", "gpt-4o", 2.5m, 10m, null, 128_000),
        new("openai/gpt-4o-mini", "openai", ["gpt-4o-mini"], null, null, "gpt-4o-mini", 0.15m, 0.6m, null, 128_000),
        new("openai/gpt-4.1", "openai", ["gpt-4.1"], null, null, "gpt-4.1", 2m, 8m, null, 1_050_000),
        new("openai/gpt-4.1-mini", "openai", ["gpt-4.1-mini"], null, null, "gpt-4.1-mini", 0.4m, 1.6m, null, 1_050_000),
        new("openai/gpt-4.1-nano", "openai", ["gpt-4.1-nano"], null, null, "gpt-4.1-nano", 0.1m, 0.4m, null, 1_050_000),
        new("openai/gpt-5", "openai", ["gpt-5", "gpt-5-2025-08-07"], "gpt-5", null, "gpt-5", 1.25m, 10m, 0.125m, 400_000),
        new("openai/gpt-5-mini", "openai", ["gpt-5-mini", "gpt-5-mini-2025-08-07"], "gpt-5-mini", null, "gpt-5-mini", 0.25m, 2m, 0.025m, 400_000),
        new("openai/gpt-5-nano", "openai", ["gpt-5-nano"], "gpt-5-nano", null, "gpt-5-nano", 0.05m, 0.4m, 0.005m, 400_000),
        new("openai/gpt-5-pro", "R", ["gpt-5-pro"], null, null, "gpt-5-pro", 15m, 120m, null, 400_000),
        new("openai/gpt-5-codex", "R", ["gpt-5-codex"], null, null, "gpt-5-codex", 1.25m, 10m, null, 400_000),
        new("openai/gpt-5.1", "openai", ["gpt-5.1", "gpt-5.1-2025-11-13"], "gpt-5-1", null, "gpt-5.1", 1.25m, 10m, 0.125m, 400_000),
        new("openai/gpt-5.1-codex", "R", ["gpt-5.1-codex"], null, null, "gpt-5.1-codex", 1.25m, 10m, null, 400_000),
        new("openai/gpt-5.1-codex-max", "R", ["gpt-5.1-codex-max"], null, null, "gpt-5.1-codex-max", 1.25m, 10m, null, 400_000),
        new("openai/gpt-5.1-codex-mini", "R", ["gpt-5.1-codex-mini"], null, null, "gpt-5.1-codex-mini", 0.25m, 2m, null, 400_000),
        new("openai/gpt-5.2", "openai", ["gpt-5.2", "gpt-5.2-2025-12-11"], "gpt-5-2", null, "gpt-5.2", 1.75m, 14m, 0.175m, 400_000),
        new("openai/gpt-5.2-codex", "R", ["gpt-5.2-codex"], null, "gpt-5.2-codex", "gpt-5.2-codex", 1.75m, 14m, null, 400_000),
        new("openai/gpt-5.2-pro", "R", ["gpt-5.2-pro", "gpt-5.2-pro-2025-12-11"], null, null, "gpt-5.2-pro", 21m, 168m, null, 400_000),
        new("openai/gpt-5.3-codex", "R", ["gpt-5.3-codex"], "gpt-5-3-codex", null, "gpt-5.3-codex", 1.75m, 14m, 0.175m, 400_000),
        new("openai/gpt-5.3-chat", "openai", ["gpt-5.3-chat-latest"], null, null, "gpt-5.3-chat-latest", 1.75m, 14m, null, 128_000),
        new("openai/gpt-5.4", "openai", ["gpt-5.4", "gpt-5.4-2026-03-05"], "gpt-5-4", null, "gpt-5.4", 2.5m, 15m, 0.25m, 1_050_000),
        new("openai/gpt-5.4-mini", "openai", ["gpt-5.4-mini", "gpt-5.4-mini-2026-03-17"], "gpt-5-4-mini", null, "gpt-5.4-mini", 0.75m, 4.5m, 0.075m, 400_000),
        new("openai/gpt-5.4-nano", "openai", ["gpt-5.4-nano", "gpt-5.4-nano-2026-03-17"], "gpt-5-4-nano", null, "gpt-5.4-nano", 0.2m, 1.25m, 0.02m, 400_000),
        new("openai/gpt-5.4-pro", "R", ["gpt-5.4-pro", "gpt-5.4-pro-2026-03-05"], null, null, "gpt-5.4-pro", 30m, 180m, null, 1_050_000),
        new("openai/gpt-5.5", "openai", ["gpt-5.5", "gpt-5.5-2026-04-23"], "gpt-5-5", null, "gpt-5.5", 5m, 30m, 0.5m, 1_000_000),
        new("openai/gpt-5.5-pro", "R", ["gpt-5.5-pro", "gpt-5.5-pro-2026-04-23"], "gpt-5-5-pro", null, "gpt-5.5-pro", 30m, 180m, null, 1_000_000),
        new("openai/o3", "openai", ["o3"], null, null, "o3", 2m, 8m, null, 200_000),
        new("openai/o3-mini", "openai", ["o3-mini"], null, null, "o3-mini", 1.1m, 4.4m, null, 200_000),
        new("openai/o4-mini", "openai", ["o4-mini"], null, null, "o4-mini", 1.1m, 4.4m, null, 200_000),
        new("openai/gpt-oss-120b", "oss", null, "gpt-oss-120b", null, null, 0.072m, 0.28m, null, 131_000),

        // Google
        new("google/gemini-2.0-flash", "google", ["gemini-2.0-flash"], null, "gemini-2.0-flash", "gemini-2.0-flash", null, null, null, 1_000_000),
        new("google/gemini-2.0-flash-lite", "google", ["gemini-2.0-flash-lite"], null, null, "gemini-2.0-flash-lite", null, null, null, 1_000_000),
        new("google/gemini-2.5-flash", "google", ["gemini-2.5-flash"], "gemini-2-5-flash", null, "gemini-2.5-flash", 0.3m, 2.5m, 0.03m, 1_050_000),
        new("google/gemini-2.5-flash-lite", "google", ["gemini-2.5-flash-lite"], null, null, "gemini-2.5-flash-lite", 0.1m, 0.4m, null, 1_050_000),
        new("google/gemini-2.5-pro", "google", ["gemini-2.5-pro"], "gemini-2-5-pro", null, "gemini-2.5-pro", 1.25m, 10m, 0.125m, 1_050_000),
        new("google/gemini-3-flash", "google", ["gemini-3-flash-preview"], "gemini-3-flash", "gemini-3-flash", "gemini-3-flash-preview", 0.5m, 3m, 0.05m, 1_000_000),
        new("google/gemini-3-pro-preview", "google", null, "gemini-3-pro", "gemini-3-pro", "gemini-3-pro-preview", 2m, 12m, 0.2m, 1_000_000),
        new("google/gemini-3.1-pro-preview", "google", ["gemini-3.1-pro-preview", "gemini-3.1-pro-preview-customtools"], "gemini-3-1-pro", null, "gemini-3.1-pro-preview", 2m, 12m, 0.2m, 1_000_000),
        new("google/gemini-3.1-flash-lite-preview", "google", ["gemini-3.1-flash-lite-preview"], "gemini-3-1-flash-lite", null, "gemini-3.1-flash-lite-preview", 0.25m, 1.5m, null, 1_000_000),
        new("google/gemini-2.5-flash-image", "google", ["gemini-2.5-flash-image"], null, null, "gemini-2.5-flash-image", 0.3m, 2.5m, null, 33_000, ImageOutput: true),
        new("google/gemini-3-pro-image-preview", "google", ["gemini-3-pro-image-preview"], null, null, "gemini-3-pro-image-preview", 2m, 12m, null, 66_000, ImageOutput: true),
        new("google/gemini-3.1-flash-image-preview", "google", ["gemini-3.1-flash-image-preview"], null, null, "gemini-3.1-flash-image-preview", 0.5m, 3m, null, 131_000, ImageOutput: true),

        // Cloudflare Workers AI (Chat Completions at workers-ai/v1/chat/completions)
        new("workers-ai/@cf/meta/llama-3.1-8b-instruct", "workers", null, null, null, "@cf/meta/llama-3.1-8b-instruct", 0.28m, 0.83m, null, null),
        new("workers-ai/@cf/openai/gpt-oss-120b", "workers", null, null, null, "@cf/openai/gpt-oss-120b", 0.35m, 0.75m, null, null),
        new("workers-ai/@cf/moonshotai/kimi-k2.6", "workers", null, null, null, "@cf/moonshotai/kimi-k2.6", 0.95m, 4m, null, null),
    ];

    public static SeedRow Row(string canonical) => Rows.Single(r => r.Canonical == canonical);
}

public sealed record SeedRow(
    string Canonical,
    string Family,
    string[]? Netlify,
    string? Neon,
    string? Rebyte,
    string? Native,
    decimal? Input,
    decimal? Output,
    decimal? Cached,
    int? Context,
    bool ImageOutput = false)
{
    public string Name => Canonical[(Canonical.IndexOf('/') + 1)..];

    public override string ToString() => Canonical;
}
