using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using static AiGateway.Client.ChatDialect;
using static AiGateway.Client.Tests.EndToEnd.GatewaySetups;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// Issue 4 "Done when", end to end: for every gateway generation built from variables through
/// <see cref="GatewayEnvironment.Detect(AiGatewayOptions)"/>, a model id goes through the real leaf client (catalog,
/// router, dialect writer, gateway auth, HTTP, dialect reader) to <see cref="FakeGateway"/>, once whole and once
/// streamed. Each row of <see cref="Table"/> is what must arrive on the wire.
/// </summary>
public sealed class RoutingEndToEndTests
{
    private const string ClaudeShort = "claude-sonnet-4-5";
    private const string ClaudeCanonical = "anthropic/claude-sonnet-4.5";
    private const string Gpt = "gpt-5.4";
    private const string Codex = "openai/gpt-5.2-codex";
    private const string Gemini = "gemini-2.5-flash";
    private const string WorkersAI = "@cf/meta/llama-3.1-8b-instruct";

    private const string GeminiPath = "v1beta/models/gemini-2.5-flash:generateContent";
    private const string GeminiStreamPath = "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";

    private static readonly WireExpectation[] Table =
    [
        // gateway           model            dialect          URL (whole; streamed where it differs)                               wire model id                  credential headers
        new("netlify",        ClaudeShort,     Messages,        NetlifyRoot + "v1/messages",                                         "claude-sonnet-4-5",           XApiKey(NetlifyKey)),
        new("netlify",        ClaudeCanonical, Messages,        NetlifyRoot + "v1/messages",                                         "claude-sonnet-4-5",           XApiKey(NetlifyKey)),
        new("netlify",        Gpt,             ChatCompletions, NetlifyRoot + "chat/completions",                                    "gpt-5.4",                     Bearer(NetlifyKey)),
        new("netlify",        Codex,           Responses,       NetlifyRoot + "responses",                                           "gpt-5.2-codex",               Bearer(NetlifyKey)),
        new("netlify",        Gemini,          GenerateContent, NetlifyRoot + GeminiPath, NetlifyRoot + GeminiStreamPath,           "gemini-2.5-flash",            GoogKey(NetlifyKey)),

        new("vercel",         ClaudeShort,     ChatCompletions, VercelRoot + "v1/chat/completions",                                  "anthropic/claude-sonnet-4.5", Bearer(VercelKey)),
        new("vercel",         ClaudeCanonical, ChatCompletions, VercelRoot + "v1/chat/completions",                                  "anthropic/claude-sonnet-4.5", Bearer(VercelKey)),
        new("vercel",         Gpt,             ChatCompletions, VercelRoot + "v1/chat/completions",                                  "openai/gpt-5.4",              Bearer(VercelKey)),
        new("vercel",         Codex,           Responses,       VercelRoot + "v1/responses",                                         "openai/gpt-5.2-codex",        Bearer(VercelKey)),
        new("vercel",         Gemini,          ChatCompletions, VercelRoot + "v1/chat/completions",                                  "google/gemini-2.5-flash",     Bearer(VercelKey)),

        new("vercel-oidc",    ClaudeShort,     ChatCompletions, VercelRoot + "v1/chat/completions",                                  "anthropic/claude-sonnet-4.5", Bearer(VercelOidc)),
        new("vercel-oidc",    Codex,           Responses,       VercelRoot + "v1/responses",                                         "openai/gpt-5.2-codex",        Bearer(VercelOidc)),

        new("neon",           ClaudeShort,     Messages,        NeonHost + "/anthropic/v1/messages",                                 "claude-sonnet-4-5",           Bearer(NeonToken)),
        new("neon",           ClaudeCanonical, Messages,        NeonHost + "/anthropic/v1/messages",                                 "claude-sonnet-4-5",           Bearer(NeonToken)),
        new("neon",           Gpt,             Responses,       NeonHost + "/openai/v1/responses",                                   "gpt-5-4",                     Bearer(NeonToken)),
        new("neon",           Codex,           Responses,       NeonHost + "/openai/v1/responses",                                   "gpt-5-2-codex",               Bearer(NeonToken)),
        new("neon",           Gemini,          ChatCompletions, NeonHost + "/v1/chat/completions",                                   "gemini-2-5-flash",            Bearer(NeonToken)),

        new("neon-openai-pair", ClaudeShort,   Messages,        NeonHost + "/anthropic/v1/messages",                                 "claude-sonnet-4-5",           Bearer(NeonToken)),
        new("neon-openai-pair", Gpt,           Responses,       NeonHost + "/openai/v1/responses",                                   "gpt-5-4",                     Bearer(NeonToken)),
        new("neon-openai-pair", Codex,         Responses,       NeonHost + "/openai/v1/responses",                                   "gpt-5-2-codex",               Bearer(NeonToken)),
        new("neon-openai-pair", Gemini,        ChatCompletions, NeonHost + "/v1/chat/completions",                                   "gemini-2-5-flash",            Bearer(NeonToken)),

        new("neon-earliest",  ClaudeCanonical, Messages,        NeonHost + "/anthropic/v1/messages",                                 "claude-sonnet-4-5",           Bearer(NeonToken)),
        new("neon-earliest",  Gpt,             Responses,       NeonHost + "/openai/v1/responses",                                   "gpt-5-4",                     Bearer(NeonToken)),
        new("neon-earliest",  Codex,           Responses,       NeonHost + "/openai/v1/responses",                                   "gpt-5-2-codex",               Bearer(NeonToken)),
        new("neon-earliest",  Gemini,          ChatCompletions, NeonHost + "/v1/chat/completions",                                   "gemini-2-5-flash",            Bearer(NeonToken)),

        new("rebyte",         ClaudeShort,     ChatCompletions, RebyteBase + "chat/completions",                                     "claude-sonnet-4.5",           Bearer(RebyteKey)),
        new("rebyte",         ClaudeCanonical, ChatCompletions, RebyteBase + "chat/completions",                                     "claude-sonnet-4.5",           Bearer(RebyteKey)),
        new("rebyte",         Gpt,             ChatCompletions, RebyteBase + "chat/completions",                                     "gpt-5.4",                     Bearer(RebyteKey)),
        new("rebyte",         Codex,           Responses,       RebyteBase + "responses",                                            "gpt-5.2-codex",               Bearer(RebyteKey)),
        new("rebyte",         Gemini,          ChatCompletions, RebyteBase + "chat/completions",                                     "gemini-2.5-flash",            Bearer(RebyteKey)),

        new("rebyte-openai-pair", ClaudeShort, ChatCompletions, RebyteBase + "chat/completions",                                     "claude-sonnet-4.5",           Bearer(RebyteKey)),
        new("rebyte-openai-pair", Codex,       Responses,       RebyteBase + "responses",                                            "gpt-5.2-codex",               Bearer(RebyteKey)),

        new("cloudflare",     ClaudeShort,     Messages,        CloudflareBase + "anthropic/v1/messages",                            "claude-sonnet-4-5",           XApiKey(AnthropicKey).AndGatewayToken()),
        new("cloudflare",     ClaudeCanonical, Messages,        CloudflareBase + "anthropic/v1/messages",                            "claude-sonnet-4-5",           XApiKey(AnthropicKey).AndGatewayToken()),
        new("cloudflare",     Gpt,             ChatCompletions, CloudflareBase + "openai/chat/completions",                          "gpt-5.4",                     Bearer(OpenAIKey).AndGatewayToken()),
        new("cloudflare",     Codex,           Responses,       CloudflareBase + "openai/responses",                                 "gpt-5.2-codex",               Bearer(OpenAIKey).AndGatewayToken()),
        new("cloudflare",     Gemini,          GenerateContent, CloudflareBase + "google-ai-studio/" + GeminiPath, CloudflareBase + "google-ai-studio/" + GeminiStreamPath, "gemini-2.5-flash", GoogKey(GeminiKey).AndGatewayToken()),
        new("cloudflare",     WorkersAI,       ChatCompletions, CloudflareBase + "workers-ai/v1/chat/completions",                   WorkersAI,                     Bearer(CloudflareApiToken).AndGatewayToken()),

        new("cloudflare-open", ClaudeShort,    Messages,        CloudflareBase + "anthropic/v1/messages",                            "claude-sonnet-4-5",           XApiKey(AnthropicKey)),
        new("cloudflare-open", Gpt,            ChatCompletions, CloudflareBase + "openai/chat/completions",                          "gpt-5.4",                     Bearer(OpenAIKey)),
        new("cloudflare-open", Gemini,         GenerateContent, CloudflareBase + "google-ai-studio/" + GeminiPath, CloudflareBase + "google-ai-studio/" + GeminiStreamPath, "gemini-2.5-flash", GoogKey(GeminiKey)),
        new("cloudflare-open", WorkersAI,      ChatCompletions, CloudflareBase + "workers-ai/v1/chat/completions",                   WorkersAI,                     Bearer(CloudflareApiToken)),

        new("direct",         ClaudeShort,     Messages,        "https://api.anthropic.com/v1/messages",                             "claude-sonnet-4-5",           XApiKey(AnthropicKey)),
        new("direct",         ClaudeCanonical, Messages,        "https://api.anthropic.com/v1/messages",                             "claude-sonnet-4-5",           XApiKey(AnthropicKey)),
        new("direct",         Gpt,             ChatCompletions, "https://api.openai.com/v1/chat/completions",                        "gpt-5.4",                     Bearer(OpenAIKey)),
        new("direct",         Codex,           Responses,       "https://api.openai.com/v1/responses",                               "gpt-5.2-codex",               Bearer(OpenAIKey)),
        new("direct",         Gemini,          GenerateContent, "https://generativelanguage.googleapis.com/" + GeminiPath, "https://generativelanguage.googleapis.com/" + GeminiStreamPath, "gemini-2.5-flash", GoogKey(GeminiKey)),
    ];

    public static TheoryData<string, string> Rows
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var row in Table)
            {
                rows.Add(row.Gateway, row.Model);
            }

            return rows;
        }
    }

    [Fact]
    public void The_table_covers_every_gateway_generation_and_the_required_models()
    {
        Assert.Equal(GatewaySetups.All.Select(s => s.Name).Order(), Table.Select(r => r.Gateway).Distinct().Order());
        foreach (var model in new[] { ClaudeShort, ClaudeCanonical, Gpt, Codex, Gemini })
        {
            Assert.All(new[] { "netlify", "vercel", "neon", "rebyte", "cloudflare", "direct" }, gateway => Assert.Contains(Table, r => r.Gateway == gateway && r.Model == model));
        }

        Assert.Contains(Table, r => r.Gateway == "cloudflare" && r.Model == WorkersAI);
        Assert.Equal(Table.Length, Table.Select(r => (r.Gateway, r.Model)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_whole_response_goes_to_the_routed_endpoint_and_parses(string gateway, string model)
    {
        var expected = Expectation(gateway, model);
        var fake = new FakeGateway().Enqueue(FakeReply.WithText($"whole answer via {gateway}"));
        using var client = CreateClient(gateway, fake);

        var response = await client.GetResponseAsync("ping", new ChatOptions { ModelId = model });

        var sent = Assert.Single(fake.Requests);
        AssertWire(expected, sent, streaming: false);
        Assert.Equal($"whole answer via {gateway}", response.Text);
        AssertAnsweredBy(expected, response.AdditionalProperties);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_streamed_response_goes_to_the_routed_streaming_endpoint_and_parses(string gateway, string model)
    {
        var expected = Expectation(gateway, model);
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = $"streamed answer via {gateway}", StreamChunks = 3 });
        using var client = CreateClient(gateway, fake);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("ping", new ChatOptions { ModelId = model }))
        {
            updates.Add(update);
        }

        var sent = Assert.Single(fake.Requests);
        AssertWire(expected, sent, streaming: true);
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the answer arrived in more than one update");
        Assert.Equal($"streamed answer via {gateway}", updates.ToChatResponse().Text);
        AssertAnsweredBy(expected, updates[0].AdditionalProperties);
    }

    private static WireExpectation Expectation(string gateway, string model) => Table.Single(r => r.Gateway == gateway && r.Model == model);

    private static AiGatewayChatClient CreateClient(string gateway, FakeGateway fake)
    {
        var setup = GatewaySetups.Named(gateway);
        var options = setup.Options();
        var environment = GatewayEnvironment.Detect(options);
        Assert.Equal(setup.Kind, environment.Primary.Kind);
        return new AiGatewayChatClient(options, environment, new HttpClient(fake));
    }

    private static void AssertWire(WireExpectation expected, FakeRequest sent, bool streaming)
    {
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(streaming ? expected.StreamingUrl ?? expected.Url : expected.Url, sent.Uri.AbsoluteUri);
        Assert.Equal(expected.Dialect, sent.Dialect);
        Assert.Equal(streaming, sent.IsStreaming);
        Assert.Equal(expected.WireModelId, sent.Model);
        var body = Assert.IsType<System.Text.Json.JsonElement>(sent.Json);
        if (expected.Dialect == GenerateContent)
        {
            // Gemini names the model in the path only.
            Assert.False(body.TryGetProperty("model", out _));
        }
        else
        {
            Assert.Equal(expected.WireModelId, body.GetProperty("model").GetString());
        }

        // Exactly the expected credential headers: no stray one of another dialect or gateway.
        var present = CredentialHeaders.All.Where(sent.Headers.ContainsKey).Order().ToArray();
        Assert.Equal(expected.Credentials.Keys.Order().ToArray(), present);
        foreach (var (name, value) in expected.Credentials)
        {
            Assert.True(value == sent.Headers[name], $"{name} carries the credential of {expected.Gateway}");
        }

        if (expected.Dialect == Messages)
        {
            Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
        }
        else
        {
            Assert.False(sent.Headers.ContainsKey("anthropic-version"));
        }
    }

    private static void AssertAnsweredBy(WireExpectation expected, AdditionalPropertiesDictionary? properties)
    {
        Assert.NotNull(properties);
        Assert.Equal(GatewaySetups.Named(expected.Gateway).Kind, properties[AiGatewayPropertyKeys.AnsweredGateway]);
        Assert.Equal(expected.Dialect, properties[AiGatewayPropertyKeys.AnsweredDialect]);
    }

    private static Credentials Bearer(string secret) => new() { ["authorization"] = "Bearer " + secret };

    private static Credentials XApiKey(string secret) => new() { ["x-api-key"] = secret };

    private static Credentials GoogKey(string secret) => new() { ["x-goog-api-key"] = secret };

    /// <summary>The credential headers of a request: name (lower case) to exact value.</summary>
    private sealed class Credentials : Dictionary<string, string>
    {
        public Credentials AndGatewayToken()
        {
            this["cf-aig-authorization"] = "Bearer " + CloudflareToken;
            return this;
        }
    }

    /// <summary>One row: what a model id sent through one gateway setup must look like on the wire.</summary>
    private sealed record WireExpectation(string Gateway, string Model, ChatDialect Dialect, string Url, string? StreamingUrl, string WireModelId, Credentials Credentials)
    {
        public WireExpectation(string gateway, string model, ChatDialect dialect, string url, string wireModelId, Credentials credentials)
            : this(gateway, model, dialect, url, null, wireModelId, credentials)
        {
        }
    }
}
