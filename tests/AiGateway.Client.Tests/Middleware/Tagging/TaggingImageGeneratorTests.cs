#pragma warning disable MEAI001 // Image generation is experimental in Microsoft.Extensions.AI and here; these tests opt in.
using AiGateway.Client.Gateways;
using AiGateway.Client.Images;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Embeddings.EmbeddingTestSupport;

namespace AiGateway.Client.Tests.Middleware.Tagging;

public class TaggingImageGeneratorTests
{
    private static IImageGenerator Pipeline(FakeGateway fake, GatewayProfile profile) =>
        new AiGatewayImageGenerator(
                new AiGatewayOptions { ImageModel = "gpt-image-1", Environment = EnvironmentSource.FromDictionary([]) },
                GatewayEnvironment.FromProfiles(profile),
                new HttpClient(fake, disposeHandler: false))
            .AsBuilder()
            .UseTags(o =>
            {
                o.DefaultTags.Add("app:test");
                o.DefaultUser = "u-default";
            })
            .Build();

    [Fact]
    public async Task Default_and_request_tags_and_the_user_go_into_vercels_provider_options()
    {
        var fake = new FakeGateway();
        using var generator = Pipeline(fake, Vercel());

        await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions().WithTags("feature:art"));

        var gateway = fake.Requests[0].Json!.Value.GetProperty("providerOptions").GetProperty("gateway");
        Assert.Equal(["app:test", "feature:art"], gateway.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("u-default", gateway.GetProperty("user").GetString());
    }

    [Fact]
    public async Task The_scope_user_wins_over_the_default_user()
    {
        var fake = new FakeGateway();
        using var generator = Pipeline(fake, Vercel());

        using (AiGatewayScope.BeginUser("u-scope"))
        {
            await generator.GenerateImagesAsync("a lighthouse");
        }

        Assert.Equal("u-scope", fake.Requests[0].Json!.Value.GetProperty("providerOptions").GetProperty("gateway").GetProperty("user").GetString());
    }

    [Fact]
    public async Task Tags_go_into_cloudflares_metadata_header()
    {
        var fake = new FakeGateway();
        using var generator = Pipeline(fake, Cloudflare());

        await generator.GenerateImagesAsync("a lighthouse");

        Assert.Contains("app:test", fake.Requests[0].Headers["cf-aig-metadata"], StringComparison.Ordinal);
    }
}
