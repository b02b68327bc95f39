#pragma warning disable MEAI001 // Image generation is experimental in Microsoft.Extensions.AI and here; these tests opt in.
using System.Drawing;
using AiGateway.Client.Gateways;
using AiGateway.Client.Images;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using static AiGateway.Client.Tests.Embeddings.EmbeddingTestSupport;

namespace AiGateway.Client.Tests.Images;

public class AiGatewayImageGeneratorTests
{
    private static readonly byte[] Png = FakeGateway.SampleImage;

    private static AiGatewayImageGenerator Generator(FakeGateway fake, GatewayProfile profile, string model) =>
        new(new AiGatewayOptions { ImageModel = model, Environment = EnvironmentSource.FromDictionary([]) }, GatewayEnvironment.FromProfiles(profile), new HttpClient(fake, disposeHandler: false));

    [Fact]
    public async Task Openai_image_models_post_images_generations_and_return_the_images()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Vercel(), "gpt-image-1");

        var response = await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { Count = 2, ImageSize = new Size(1024, 1024) });

        var request = Assert.Single(fake.Requests);
        Assert.Equal("https://ai-gateway.vercel.sh/v1/images/generations", request.Uri.AbsoluteUri);
        Assert.Equal(("openai/gpt-image-1", "1024x1024", 2), (request.Model, request.Json!.Value.GetProperty("size").GetString(), request.Json!.Value.GetProperty("n").GetInt32()));
        Assert.Equal(2, response.Contents.OfType<DataContent>().Count(d => d.Data.ToArray().SequenceEqual(Png)));
    }

    [Fact]
    public async Task The_generation_body_matches_openais_create_image_request_schema()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Direct(), "gpt-image-1");

        await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { Count = 1, ImageSize = new Size(1024, 1536), MediaType = "image/webp" });

        Assert.Empty(OpenAISchema.Validate("CreateImageRequest", fake.Requests[0].Body));
    }

    [Fact]
    public async Task Usage_comes_back_from_the_images_api()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { InputTokens = 10, OutputTokens = 4160 });
        using var generator = Generator(fake, Direct(), "gpt-image-1");

        var response = await generator.GenerateImagesAsync("a lighthouse");

        Assert.Equal((10L, 4160L), (response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount));
    }

    [Fact]
    public async Task Gemini_image_models_use_generate_content_with_image_modality_and_input_images()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Netlify(), "gemini-2.5-flash-image");

        var response = await generator.EditImageAsync(new DataContent(Png, "image/png"), "make it blue", new ImageGenerationOptions { ImageSize = new Size(1600, 900) });

        var request = Assert.Single(fake.Requests);
        Assert.Equal("https://site.netlify.app/.netlify/ai/v1beta/models/gemini-2.5-flash-image:generateContent", request.Uri.AbsoluteUri);
        var body = request.Json!.Value;
        Assert.Equal("IMAGE", body.GetProperty("generationConfig").GetProperty("responseModalities")[1].GetString());
        Assert.Equal("16:9", body.GetProperty("generationConfig").GetProperty("imageConfig").GetProperty("aspectRatio").GetString());
        Assert.Equal(Convert.ToBase64String(Png), body.GetProperty("contents")[0].GetProperty("parts")[1].GetProperty("inlineData").GetProperty("data").GetString());
        Assert.Single(response.Contents.OfType<DataContent>());
    }

    [Fact]
    public async Task A_size_with_no_gemini_aspect_ratio_is_refused_before_sending()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Direct(), "gemini-2.5-flash-image");

        await Assert.ThrowsAsync<InvalidRequestException>(() => generator.GenerateImagesAsync("x", new ImageGenerationOptions { ImageSize = new Size(1000, 333) }));

        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Edits_with_openai_models_post_multipart_images_edits_on_a_pass_through_gateway()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Cloudflare(), "gpt-image-1");

        await generator.EditImageAsync(new DataContent(Png, "image/png"), "add a moon");

        var request = Assert.Single(fake.Requests);
        Assert.Equal(FakeEndpoint.ImageEdits, request.Endpoint);
        Assert.Equal("gpt-image-1", request.Model);
        Assert.StartsWith("multipart/form-data", request.Headers["content-type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edits_on_vercel_are_refused_naming_the_gateway()
    {
        using var generator = Generator(new FakeGateway(), Vercel(), "gpt-image-1");

        var ex = await Assert.ThrowsAsync<DialectNotSupportedException>(() => generator.EditImageAsync(new DataContent(Png, "image/png"), "add a moon"));

        Assert.Equal(GatewayKind.Vercel, ex.Gateway);
        Assert.Contains("Vercel AI Gateway", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gemini_image_models_are_refused_on_a_gateway_without_generate_content()
    {
        using var generator = Generator(new FakeGateway(), Vercel(), "gemini-2.5-flash-image");

        var ex = await Assert.ThrowsAsync<DialectNotSupportedException>(() => generator.GenerateImagesAsync("x"));

        Assert.Equal(GatewayKind.Vercel, ex.Gateway);
    }

    [Fact]
    public async Task Openai_images_are_refused_on_neon()
    {
        using var generator = Generator(new FakeGateway(), Neon(), "gpt-image-1");

        var ex = await Assert.ThrowsAsync<DialectNotSupportedException>(() => generator.GenerateImagesAsync("x"));

        Assert.Contains("Neon AI Gateway", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chat_model_does_not_generate_images()
    {
        using var generator = Generator(new FakeGateway(), Direct(), "gpt-5.4");

        await Assert.ThrowsAsync<InvalidRequestException>(() => generator.GenerateImagesAsync("x"));
    }

    [Fact]
    public async Task AddAiGatewayImages_registers_an_image_generator_on_the_named_client()
    {
        var fake = new FakeGateway();
        var services = new ServiceCollection();
        services.AddAiGatewayImages(o => { o.BaseUrl = FakeGateway.BaseUri; o.Environment = EnvironmentSource.FromDictionary([]); o.ImageModel = "gpt-image-1"; });
        services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fake);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IImageGenerator>().GenerateImagesAsync("a lighthouse");

        Assert.Equal(FakeEndpoint.ImageGenerations, Assert.Single(fake.Requests).Endpoint);
    }

    [Fact]
    public async Task A_request_can_choose_another_detected_gateway()
    {
        var fake = new FakeGateway();
        using var generator = new AiGatewayImageGenerator(
            new AiGatewayOptions { ImageModel = "gpt-image-1", Environment = EnvironmentSource.FromDictionary([]) },
            GatewayEnvironment.FromProfiles(Vercel(), Direct()),
            new HttpClient(fake, disposeHandler: false));
        var options = new ImageGenerationOptions { AdditionalProperties = new() { [AiGatewayPropertyKeys.Gateway] = GatewayKind.Direct } };

        await generator.GenerateImagesAsync("a lighthouse", options);

        Assert.Equal("api.openai.com", Assert.Single(fake.Requests).Uri.Host);
    }

    [Fact]
    public async Task A_request_for_a_gateway_that_was_not_detected_is_refused()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Vercel(), "gpt-image-1");
        var options = new ImageGenerationOptions { AdditionalProperties = new() { [AiGatewayPropertyKeys.Gateway] = GatewayKind.Cloudflare } };

        await Assert.ThrowsAsync<GatewayConfigurationException>(() => generator.GenerateImagesAsync("a lighthouse", options));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task The_user_goes_into_the_openai_images_request()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Direct(), "gpt-image-1");

        await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions().WithUser("u-1"));

        Assert.Equal("u-1", fake.Requests[0].Json!.Value.GetProperty("user").GetString());
    }
}
