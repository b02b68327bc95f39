using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Tests.Routing;

/// <summary>
/// Walks every <see cref="ChatDialect"/> value through every gateway profile and the routing table, so a new dialect
/// (or a new gateway) that is wired in one place but not the others fails here rather than on the wire.
/// </summary>
public sealed class DialectCoverageTests
{
    private static readonly GatewayCredential Key = GatewayCredential.FromValue("test-key", "TEST_KEY");

    /// <summary>A representative catalog model per family (one id per <see cref="ModelFamily"/>).</summary>
    private static readonly string[] FamilyModels = ["gpt-4o-mini", "gpt-5.2-codex", "claude-sonnet-4-5", "gemini-2.5-flash", "@cf/meta/llama-3.1-8b-instruct"];

    private static readonly ModelCatalog Catalog = ModelCatalog.CreateDefault();

    public static TheoryData<GatewayKind, ChatDialect> GatewaysAndDialects()
    {
        var data = new TheoryData<GatewayKind, ChatDialect>();
        foreach (var kind in Enum.GetValues<GatewayKind>())
        {
            foreach (var dialect in Enum.GetValues<ChatDialect>())
            {
                data.Add(kind, dialect);
            }
        }

        return data;
    }

    private static GatewayProfile Profile(GatewayKind kind) => kind switch
    {
        GatewayKind.Netlify => new NetlifyGateway(new Uri("https://site.netlify.app/.netlify/ai/"), Key),
        GatewayKind.Vercel => new VercelGateway(Key),
        GatewayKind.Neon => new NeonGateway(new Uri("https://br-x-api.ai.c-2.us-east-2.aws.neon.tech"), Key),
        GatewayKind.Rebyte => new RebyteGateway(RebyteGateway.DefaultBaseUri, Key),
        GatewayKind.Cloudflare => new CloudflareGateway("0123456789abcdef0123456789abcdef", "gw")
        {
            OpenAIKey = Key,
            AnthropicKey = Key,
            GoogleKey = Key,
            WorkersAIToken = Key,
        },
        GatewayKind.Direct => new DirectGateway(Key, Key, Key, null, null, null),
        _ => new OpenAICompatibleGateway(new Uri("https://llm.example.com/v1/"), Key),
    };

    /// <summary>The profiles of a kind: Cloudflare has two routes (gateway URL, REST API).</summary>
    private static IEnumerable<GatewayProfile> Profiles(GatewayKind kind) =>
        kind == GatewayKind.Cloudflare
            ? [Profile(kind), new CloudflareRestGateway("0123456789abcdef0123456789abcdef", "gw", Key)]
            : [Profile(kind)];

    [Fact]
    public void The_representative_models_cover_every_model_family()
    {
        var families = FamilyModels.Select(id => ModelFamilies.Of(Catalog.Resolve(id))).ToHashSet();

        Assert.Equal(Enum.GetValues<ModelFamily>().ToHashSet(), families);
    }

    [Theory]
    [MemberData(nameof(GatewaysAndDialects))]
    public void Every_dialect_the_table_allows_and_the_profile_serves_has_absolute_endpoints(GatewayKind kind, ChatDialect dialect)
    {
        foreach (var (profile, model) in Profiles(kind).SelectMany(p => FamilyModels.Select(id => (p, Catalog.Resolve(id)))))
        {
            if (!RoutingTable.DialectsFor(kind, ModelFamilies.Of(model)).Contains(dialect) || !profile.CanServe(dialect, model))
            {
                continue;
            }

            var wireId = Router.Default.GetWireModelId(model, profile, dialect);
            foreach (var streaming in new[] { false, true })
            {
                var endpoint = profile.GetEndpoint(dialect, model, wireId, streaming);
                Assert.True(endpoint.IsAbsoluteUri && endpoint.Scheme == Uri.UriSchemeHttps, $"{kind} {dialect} {model.Id}: {endpoint}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(GatewaysAndDialects))]
    public void A_dialect_the_profile_serves_is_one_the_profile_lists(GatewayKind kind, ChatDialect dialect)
    {
        foreach (var (profile, model) in Profiles(kind).SelectMany(p => FamilyModels.Select(id => (p, Catalog.Resolve(id)))))
        {
            if (profile.CanServe(dialect, model))
            {
                Assert.Contains(dialect, profile.Dialects);
            }
        }
    }

    [Fact]
    public void Every_gateway_serves_every_model_family_in_some_dialect_except_direct_for_other_creators()
    {
        foreach (var kind in Enum.GetValues<GatewayKind>())
        {
            foreach (var (profile, model) in Profiles(kind).SelectMany(p => FamilyModels.Select(id => (p, Catalog.Resolve(id)))))
            {
                var dialects = Router.Default.GetDialects(model, profile);
                var expectsNone = kind == GatewayKind.Direct && ModelFamilies.Of(model) == ModelFamily.Other;
                Assert.True(expectsNone == (dialects.Count == 0), $"{kind} {model.Id}: [{string.Join(", ", dialects)}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public void Every_dialect_has_an_implementation_and_some_gateway_routes_to_it(ChatDialect dialect)
    {
        Assert.NotNull(ChatDialects.Get(dialect));
        var routed = Enum.GetValues<GatewayKind>().Any(kind =>
            FamilyModels.Select(Catalog.Resolve).Any(model => Router.Default.GetDialects(model, Profile(kind)).Contains(dialect)));
        Assert.True(routed, $"No gateway routes any model family to {dialect}.");
    }

    public static TheoryData<ChatDialect> AllDialects() => new(Enum.GetValues<ChatDialect>());
}
