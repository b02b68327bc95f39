using AiGateway.Client.Catalog;

namespace AiGateway.Client.Tests.Catalog;

public sealed class ModelCatalogTests
{
    private static readonly ModelCatalog Catalog = ModelCatalog.CreateDefault();

    [Theory]
    [InlineData("anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4.5")]
    [InlineData("claude-sonnet-4-5", "anthropic/claude-sonnet-4.5")]
    [InlineData("claude-sonnet-4.5", "anthropic/claude-sonnet-4.5")]
    [InlineData("anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4.5")]
    [InlineData("claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4.5")]
    [InlineData("databricks-claude-sonnet-4-5", "anthropic/claude-sonnet-4.5")]
    [InlineData("CLAUDE-SONNET-4.5", "anthropic/claude-sonnet-4.5")]
    [InlineData("  Anthropic/Claude-Sonnet-4-5  ", "anthropic/claude-sonnet-4.5")]
    [InlineData("claude-sonnet-4-0", "anthropic/claude-sonnet-4")]
    [InlineData("claude-opus-4-1", "anthropic/claude-opus-4.1")]
    [InlineData("claude-opus-4-1-20250805", "anthropic/claude-opus-4.1")]
    [InlineData("gpt-5-4", "openai/gpt-5.4")]
    [InlineData("openai/gpt-5-4", "openai/gpt-5.4")]
    [InlineData("gpt-5.4-2026-03-05", "openai/gpt-5.4")]
    [InlineData("databricks-gpt-5-4-mini", "openai/gpt-5.4-mini")]
    [InlineData("gpt-5.3-chat-latest", "openai/gpt-5.3-chat")]
    [InlineData("gemini-2-5-flash", "google/gemini-2.5-flash")]
    [InlineData("google-ai-studio/gemini-2.5-flash", "google/gemini-2.5-flash")]
    [InlineData("models/gemini-2.5-pro", "google/gemini-2.5-pro")]
    [InlineData("gemini-flash-latest", "google/gemini-2.5-flash")]
    [InlineData("gemini-flash-lite-latest", "google/gemini-2.5-flash-lite")]
    [InlineData("gemini-3-flash-preview", "google/gemini-3-flash")]
    [InlineData("gemini-3-pro", "google/gemini-3-pro-preview")]
    [InlineData("gemini-3.1-pro", "google/gemini-3.1-pro-preview")]
    [InlineData("@cf/meta/llama-3.1-8b-instruct", "workers-ai/@cf/meta/llama-3.1-8b-instruct")]
    [InlineData("workers-ai/@cf/openai/gpt-oss-120b", "workers-ai/@cf/openai/gpt-oss-120b")]
    [InlineData("@cf/openai/gpt-oss-120b", "workers-ai/@cf/openai/gpt-oss-120b")]
    [InlineData("gpt-oss-120b", "openai/gpt-oss-120b")]
    public void Any_alias_form_resolves_to_one_model(string alias, string canonical)
    {
        var model = Catalog.Resolve(alias);

        Assert.True(model.IsKnown);
        Assert.Equal(canonical, model.Id);
    }

    public static TheoryData<string> SeedModels() => new(CatalogSeed.Rows.Select(r => r.Canonical));

    [Theory]
    [MemberData(nameof(SeedModels))]
    public void Every_seed_model_round_trips_through_its_alias_forms(string canonical)
    {
        var row = CatalogSeed.Row(canonical);
        var dashed = row.Name.Replace('.', '-');
        var forms = new List<string> { canonical, canonical.ToUpperInvariant(), row.Name, dashed, "databricks-" + dashed };
        if (row.Family != "workers")
        {
            forms.Add(canonical[..canonical.IndexOf('/')] + "/" + dashed);
        }

        forms.AddRange(row.Netlify ?? []);
        forms.AddRange(new[] { row.Neon, row.Rebyte, row.Native }.OfType<string>());
        if (row.Family == "google")
        {
            forms.Add("google-ai-studio/" + row.Native);
        }

        foreach (var form in forms)
        {
            Assert.True(Catalog.TryFind(form, out var model), $"'{form}' should resolve to {canonical}");
            Assert.Equal(canonical, model.Id);
        }
    }

    [Fact]
    public void Unknown_id_resolves_to_an_ad_hoc_model_that_keeps_the_id_as_written()
    {
        var model = Catalog.Resolve("Gpt-5.9-Turbo");

        Assert.False(model.IsKnown);
        Assert.Equal(("openai/gpt-5.9-turbo", "openai"), (model.Id, model.Creator));
        Assert.Equal("Gpt-5.9-Turbo", model.Aliases[0]);
        Assert.Null(model.Pricing);
    }

    [Fact]
    public void Unknown_id_is_not_found()
    {
        Assert.False(Catalog.TryFind("gpt-5.9-turbo", out _));
    }

    [Fact]
    public void Strict_catalog_refuses_an_unknown_id_naming_the_nearest_catalog_ids()
    {
        var strict = ModelCatalog.CreateDefault(strict: true);

        var ex = Assert.Throws<ModelNotFoundException>(() => strict.Resolve("claude-sonet-4.5"));

        Assert.Equal("anthropic/claude-sonnet-4.5", ex.Suggestions[0]);
        Assert.Contains("StrictModels", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'anthropic/claude-sonnet-4.5'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("claude-sonet-4.5", ex.ModelId);
    }

    [Fact]
    public void Strict_catalog_still_resolves_known_aliases()
    {
        Assert.Equal("openai/gpt-5.4", ModelCatalog.CreateDefault(strict: true).Resolve("gpt-5-4").Id);
    }

    [Theory]
    [InlineData("gemni-2.5-flash", "google/gemini-2.5-flash")]
    [InlineData("gpt-5.4-nan", "openai/gpt-5.4-nano")]
    [InlineData("anthropic/claude-opsu-4.7", "anthropic/claude-opus-4.7")]
    public void Suggestions_put_the_nearest_id_first(string typo, string nearest)
    {
        Assert.Equal(nearest, Catalog.Suggest(typo)[0]);
    }

    [Fact]
    public void Suggestions_respect_the_count()
    {
        Assert.Equal(2, Catalog.Suggest("gpt-5-7", 2).Count);
    }

    [Fact]
    public void Suggestions_leave_out_ids_too_far_off_to_be_a_typo()
    {
        Assert.Empty(Catalog.Suggest("totally-different-thing"));
    }

    [Fact]
    public void Suggestions_for_a_known_model_leave_the_model_itself_out()
    {
        var suggestions = Catalog.Suggest("gpt-4o");

        Assert.NotEmpty(suggestions);
        Assert.DoesNotContain("openai/gpt-4o", suggestions);
    }

    [Fact]
    public void Suggestions_for_a_gateway_only_name_models_it_lists()
    {
        var suggestions = Catalog.Suggest("gpt-4o", GatewayKind.Neon, 5);

        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, id => Assert.True(Catalog.Resolve(id).IsListedBy(GatewayKind.Neon), id));
    }

    [Fact]
    public void Models_the_catalog_is_given_are_the_ones_it_knows()
    {
        var catalog = new ModelCatalog([new CatalogModel("acme/rocket-1") { Aliases = ["rocket"] }]);

        Assert.Equal("acme/rocket-1", Assert.Single(catalog.Models).Id);
        Assert.Equal("acme/rocket-1", catalog.Resolve("ROCKET").Id);
        Assert.False(catalog.Resolve("claude-sonnet-4-5").IsKnown);
    }
}
