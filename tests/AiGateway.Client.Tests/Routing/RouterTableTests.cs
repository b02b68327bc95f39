using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;
using AiGateway.Client.Tests.Catalog;

namespace AiGateway.Client.Tests.Routing;

/// <summary>
/// Every catalog model on every gateway that serves it: dialect (routing table in docs/gateways.md), wire id
/// (catalog-seed.md), and the endpoint exactly as the gateway profile returned it.
/// </summary>
public sealed class RouterTableTests
{
    private static readonly GatewayKind[] Gateways =
        [GatewayKind.Netlify, GatewayKind.Vercel, GatewayKind.Neon, GatewayKind.Rebyte, GatewayKind.Cloudflare, GatewayKind.Direct, GatewayKind.OpenAICompatible];

    public static TheoryData<string, GatewayKind> ServedPairs()
    {
        var data = new TheoryData<string, GatewayKind>();
        foreach (var row in CatalogSeed.Rows)
        {
            foreach (var gateway in Gateways)
            {
                if (ExpectedWireId(row, gateway) is not null)
                {
                    data.Add(row.Canonical, gateway);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ServedPairs))]
    public void Routes_every_served_model_to_the_table_dialect_and_seed_wire_id(string canonical, GatewayKind gateway)
    {
        var row = CatalogSeed.Row(canonical);
        var model = ModelCatalog.CreateDefault().Resolve(canonical);
        var profile = new RecordingGateway(gateway);

        var route = Router.Default.Route(model, profile);

        Assert.Equal(ExpectedDialect(gateway, row.Family), route.Dialect);
        Assert.Equal(ExpectedWireId(row, gateway), route.WireModelId);
        Assert.Same(model, route.Model);
        Assert.Same(profile, route.Gateway);
        Assert.Empty(route.Headers);
        Assert.Collection(
            profile.Calls,
            once => Assert.Equal((route.Dialect, route.WireModelId, false, route.Endpoint), (once.Dialect, once.WireModelId, once.Streaming, once.Returned)),
            stream => Assert.Equal((route.Dialect, route.WireModelId, true, route.StreamingEndpoint), (stream.Dialect, stream.WireModelId, stream.Streaming, stream.Returned)));
    }

    [Theory]
    [MemberData(nameof(ServedPairs))]
    public void Catalog_lists_the_model_for_every_gateway_the_seed_says_serves_it(string canonical, GatewayKind gateway)
    {
        var model = ModelCatalog.CreateDefault().Resolve(canonical);

        Assert.True(model.IsListedBy(gateway), $"{canonical} should be listed by {gateway}");
    }

    [Fact]
    public void Catalog_lists_no_model_for_a_gateway_the_seed_says_does_not_serve_it()
    {
        var catalog = ModelCatalog.CreateDefault();
        var wrong = new List<string>();
        foreach (var row in CatalogSeed.Rows)
        {
            foreach (var gateway in Gateways)
            {
                if (ExpectedWireId(row, gateway) is null && catalog.Resolve(row.Canonical).IsListedBy(gateway))
                {
                    wrong.Add($"{row.Canonical} on {gateway}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("claude-sonnet-4-5", GatewayKind.Netlify, ChatDialect.Messages, "claude-sonnet-4-5")]
    [InlineData("claude-sonnet-4-5", GatewayKind.Vercel, ChatDialect.ChatCompletions, "anthropic/claude-sonnet-4.5")]
    [InlineData("claude-sonnet-4-5", GatewayKind.Neon, ChatDialect.Messages, "claude-sonnet-4-5")]
    [InlineData("claude-sonnet-4-5", GatewayKind.Rebyte, ChatDialect.ChatCompletions, "claude-sonnet-4.5")]
    [InlineData("claude-sonnet-4-5", GatewayKind.Cloudflare, ChatDialect.Messages, "claude-sonnet-4-5")]
    [InlineData("claude-sonnet-4-5", GatewayKind.Direct, ChatDialect.Messages, "claude-sonnet-4-5")]
    [InlineData("gpt-5.4", GatewayKind.Neon, ChatDialect.Responses, "gpt-5-4")]
    [InlineData("gpt-5.4", GatewayKind.Netlify, ChatDialect.ChatCompletions, "gpt-5.4")]
    [InlineData("gemini-2.5-flash", GatewayKind.Neon, ChatDialect.ChatCompletions, "gemini-2-5-flash")]
    [InlineData("gemini-2.5-flash", GatewayKind.Netlify, ChatDialect.GenerateContent, "gemini-2.5-flash")]
    [InlineData("gpt-5.2-codex", GatewayKind.Rebyte, ChatDialect.Responses, "gpt-5.2-codex")]
    [InlineData("@cf/meta/llama-3.1-8b-instruct", GatewayKind.Cloudflare, ChatDialect.ChatCompletions, "@cf/meta/llama-3.1-8b-instruct")]
    public void Done_when_examples_of_issue_4_route_as_stated(string requested, GatewayKind gateway, ChatDialect dialect, string wireId)
    {
        var model = ModelCatalog.CreateDefault().Resolve(requested);

        var route = Router.Default.Route(model, new RecordingGateway(gateway));

        Assert.Equal((dialect, wireId), (route.Dialect, route.WireModelId));
    }

    /// <summary>The routing table of docs/gateways.md, column by column.</summary>
    private static ChatDialect ExpectedDialect(GatewayKind gateway, string family) => (gateway, family) switch
    {
        (_, "R") => ChatDialect.Responses,
        (GatewayKind.Netlify or GatewayKind.Cloudflare or GatewayKind.Direct, "anthropic") => ChatDialect.Messages,
        (GatewayKind.Netlify or GatewayKind.Cloudflare or GatewayKind.Direct, "google") => ChatDialect.GenerateContent,
        (GatewayKind.Neon, "openai") => ChatDialect.Responses,
        (GatewayKind.Neon, "anthropic") => ChatDialect.Messages,
        _ => ChatDialect.ChatCompletions,
    };

    /// <summary>catalog-seed.md's wire-id rule and its exceptions; null when the gateway does not serve the model.</summary>
    private static string? ExpectedWireId(SeedRow row, GatewayKind gateway) => gateway switch
    {
        GatewayKind.Netlify => row.Netlify?[0],
        GatewayKind.Neon => row.Neon,
        GatewayKind.Rebyte => row.Rebyte,
        GatewayKind.Vercel => row.Family == "workers" ? null : row.Canonical,
        GatewayKind.Cloudflare => row.Native,
        GatewayKind.Direct => row.Family == "workers" ? null : row.Native,
        GatewayKind.OpenAICompatible => row.Canonical,
        _ => null,
    };
}
