using AiGateway.Client.Embeddings;
using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;

namespace AiGateway.Client.Tests.Embeddings;

/// <summary>Profiles of every gateway kind, and generators over them that send to a <see cref="FakeGateway"/>.</summary>
internal static class EmbeddingTestSupport
{
    public static GatewayCredential Key(string value = "sk-test-secret-0123456789") => GatewayCredential.FromValue(value, "TEST_KEY");

    public static NeonGateway Neon() => new(new Uri("https://br-test-api.ai.c-2.us-east-2.aws.neon.tech"), Key("nt_live_fake-token-for-tests"));

    public static VercelGateway Vercel() => new(Key("vck_secret0123456789"));

    public static NetlifyGateway Netlify() => new(new Uri("https://site.netlify.app/.netlify/ai/"), Key("nf_secret0123456789"));

    public static RebyteGateway Rebyte() => new(RebyteGateway.DefaultBaseUri, Key("aig_dep_secret0123456789"));

    public static CloudflareGateway Cloudflare() => new("0123456789abcdef0123456789abcdef", "my-gateway")
    {
        OpenAIKey = Key("sk-openai-secret0123456789"),
        GoogleKey = Key("google-secret0123456789"),
        WorkersAIToken = Key("cf-token-secret0123456789"),
    };

    public static DirectGateway Direct() => new(Key("sk-openai-secret0123456789"), null, Key("google-secret0123456789"));

    public static AiGatewayEmbeddingGenerator Generator(FakeGateway fake, GatewayProfile profile, string model = "openai/text-embedding-3-small") =>
        new(
            new AiGatewayOptions { EmbeddingModel = model, Environment = EnvironmentSource.FromDictionary([]) },
            GatewayEnvironment.FromProfiles(profile),
            new HttpClient(fake, disposeHandler: false));

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }
}
