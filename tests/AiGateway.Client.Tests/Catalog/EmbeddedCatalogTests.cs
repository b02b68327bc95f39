using System.Text;
using AiGateway.Client.Catalog;

namespace AiGateway.Client.Tests.Catalog;

/// <summary>The embedded catalog.json against catalog-seed.md (restated in <see cref="CatalogSeed"/>).</summary>
public sealed class EmbeddedCatalogTests
{
    [Fact]
    public void Header_says_where_the_facts_came_from()
    {
        Assert.Contains("catalog-seed.md", ModelCatalog.EmbeddedSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Holds_exactly_the_seed_models()
    {
        // The embedding and image-generation block is not in the seed (its sources are in the catalog's notes).
        var catalogIds = ModelCatalog.EmbeddedModels
            .Where(m => (m.Capabilities & (ModelCapabilities.Embeddings | ModelCapabilities.ImageGeneration)) == 0)
            .Select(m => m.Id)
            .Order(StringComparer.Ordinal);
        var seedIds = CatalogSeed.Rows.Select(r => r.Canonical).Order(StringComparer.Ordinal);

        Assert.Equal(seedIds, catalogIds);
    }

    public static TheoryData<string> SeedModels() => new(CatalogSeed.Rows.Select(r => r.Canonical));

    [Theory]
    [MemberData(nameof(SeedModels))]
    public void Prices_are_the_seed_prices(string canonical)
    {
        var row = CatalogSeed.Row(canonical);
        var model = Embedded(canonical);

        Assert.Equal((row.Input, row.Output, row.Cached), (model.Pricing?.InputPerMillion, model.Pricing?.OutputPerMillion, model.Pricing?.CachedInputPerMillion));
    }

    [Theory]
    [MemberData(nameof(SeedModels))]
    public void Context_window_rounds_to_the_seed_figure(string canonical)
    {
        var row = CatalogSeed.Row(canonical);
        var model = Embedded(canonical);

        if (row.Context is not { } seed)
        {
            Assert.Null(model.ContextWindow);
            return;
        }

        Assert.NotNull(model.ContextWindow);
        Assert.InRange(model.ContextWindow.Value, seed * 0.95, seed * 1.05);
    }

    [Theory]
    [MemberData(nameof(SeedModels))]
    public void Responses_only_and_image_output_flags_follow_the_seed(string canonical)
    {
        var row = CatalogSeed.Row(canonical);
        var model = Embedded(canonical);

        Assert.Equal(row.Family == "R", model.IsResponsesOnly);
        Assert.Equal(row.ImageOutput, model.Capabilities.HasFlag(ModelCapabilities.ImageOutput));
    }

    [Theory]
    [MemberData(nameof(SeedModels))]
    public void Wire_ids_of_the_gateways_with_published_lists_are_the_seed_columns(string canonical)
    {
        var row = CatalogSeed.Row(canonical);
        var model = Embedded(canonical);

        Assert.Equal(row.Netlify, model.WireIds.GetValueOrDefault(AiGateway.Client.GatewayKind.Netlify)?.ToArray());
        Assert.Equal(row.Neon, model.WireIds.GetValueOrDefault(AiGateway.Client.GatewayKind.Neon)?.Single());
        Assert.Equal(row.Rebyte, model.WireIds.GetValueOrDefault(AiGateway.Client.GatewayKind.Rebyte)?.Single());
    }

    [Theory]
    [InlineData("openai/gpt-5")]
    [InlineData("openai/gpt-5-mini")]
    [InlineData("openai/gpt-5-nano")]
    [InlineData("anthropic/claude-opus-4.7")]
    public void Models_the_seed_says_reject_temperature_and_top_p_list_them(string canonical)
    {
        Assert.Superset(new HashSet<string> { "temperature", "top_p" }, new HashSet<string>(Embedded(canonical).UnsupportedParameters));
    }

    [Theory]
    [InlineData("openai/gpt-5.4")]
    [InlineData("anthropic/claude-sonnet-4.5")]
    [InlineData("google/gemini-2.5-flash")]
    public void Models_that_accept_temperature_do_not_list_it(string canonical)
    {
        Assert.DoesNotContain("temperature", Embedded(canonical).UnsupportedParameters);
    }

    [Theory]
    [InlineData("openai/gpt-5.4", 272_000, 5, 22.5)]
    [InlineData("openai/gpt-5.5", 272_000, 10, 45)]
    [InlineData("google/gemini-2.5-pro", 200_000, 2.5, 15)]
    public void Long_context_tiers_are_the_seed_tiers(string canonical, long above, decimal input, decimal output)
    {
        var tier = Assert.Single(Embedded(canonical).Pricing!.Tiers);

        Assert.Equal((above, input, output), (tier.AboveInputTokens, tier.InputPerMillion, tier.OutputPerMillion));
    }

    [Fact]
    public void Anthropic_cache_writes_cost_a_quarter_more_than_input()
    {
        foreach (var model in ModelCatalog.EmbeddedModels.Where(m => m.Creator == "anthropic"))
        {
            Assert.Equal(model.Pricing!.InputPerMillion * 1.25m, model.Pricing.CacheWritePerMillion);
        }
    }

    [Fact]
    public void Every_alias_and_wire_id_resolves_back_to_its_own_model()
    {
        var catalog = ModelCatalog.CreateDefault();
        var wrong = new List<string>();
        foreach (var model in ModelCatalog.EmbeddedModels)
        {
            foreach (var id in model.Aliases.Concat(model.WireIds.Values.SelectMany(ids => ids)).Append(model.Name))
            {
                if (!catalog.TryFind(id, out var found) || !ReferenceEquals(found, model))
                {
                    wrong.Add($"{id} -> {found?.Id ?? "(nothing)"}, expected {model.Id}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("openai/text-embedding-3-small", 1536, true, 0.02)]
    [InlineData("openai/text-embedding-ada-002", 1536, false, 0.1)]
    [InlineData("google/gemini-embedding-001", 3072, true, 0.15)]
    [InlineData("workers-ai/@cf/baai/bge-base-en-v1.5", 768, false, 0.067)]
    public void Embedding_models_carry_dimensions_and_input_prices(string canonical, int dimensions, bool matryoshka, double inputPrice)
    {
        var model = Embedded(canonical);

        Assert.Equal((dimensions, matryoshka, (decimal)inputPrice), (model.EmbeddingDimensions, model.SupportsEmbeddingDimensions, model.Pricing?.InputPerMillion));
    }

    [Fact]
    public void Neons_embedding_models_resolve_from_their_wire_ids()
    {
        Assert.Equal("alibaba/qwen3-embedding-0.6b", ModelCatalog.CreateDefault().Resolve("qwen3-embedding-0-6b").Id);
    }

    [Fact]
    public void Unknown_capability_is_rejected_naming_the_model()
    {
        var document = EmbeddedCatalog.Parse("""{"models":[{"id":"acme/x","capabilities":["tools","telepathy"]}]}"""u8);

        var ex = Assert.Throws<InvalidDataException>(() => EmbeddedCatalog.ToModels(document));

        Assert.Contains("acme/x", ex.Message, StringComparison.Ordinal);
        Assert.Contains("telepathy", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wire_ids_for_an_unknown_gateway_are_rejected()
    {
        var document = EmbeddedCatalog.Parse(Encoding.UTF8.GetBytes("""{"models":[{"id":"acme/x","wireIds":{"nowhere":["x"]}}]}"""));

        Assert.Throws<InvalidDataException>(() => EmbeddedCatalog.ToModels(document));
    }

    [Fact]
    public void Two_models_with_the_same_id_in_another_spelling_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ModelCatalog([new CatalogModel("openai/gpt-5.4"), new CatalogModel("OpenAI/gpt-5-4")]));
    }

    private static CatalogModel Embedded(string canonical) => ModelCatalog.EmbeddedModels.Single(m => m.Id == canonical);
}
