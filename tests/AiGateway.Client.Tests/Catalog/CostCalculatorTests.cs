using AiGateway.Client.Catalog;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Catalog;

/// <summary>Costs against figures worked out by hand from the seed prices (USD per 1M tokens).</summary>
public sealed class CostCalculatorTests
{
    private static readonly ModelCatalog Catalog = ModelCatalog.CreateDefault();

    [Fact]
    public void Cached_input_is_priced_at_the_cached_rate()
    {
        // gpt-5.4: 2.5 in / 15 out / 0.25 cached. 80k plain + 20k cached in, 10k out:
        // 80,000 × 2.5 + 20,000 × 0.25 + 10,000 × 15 = 200,000 + 5,000 + 150,000 = 355,000 → $0.355
        var cost = CostCalculator.Calculate(Catalog.Resolve("gpt-5.4"), new UsageDetails { InputTokenCount = 100_000, CachedInputTokenCount = 20_000, OutputTokenCount = 10_000 });

        Assert.Equal(0.355m, cost);
    }

    [Fact]
    public void Input_above_the_tier_threshold_prices_the_whole_call_at_the_tier()
    {
        // gpt-5.4 above 272k input: 5 in / 22.5 out. 300,000 × 5 + 1,000 × 22.5 = 1,522,500 → $1.5225
        var cost = CostCalculator.Calculate(Catalog.Resolve("gpt-5.4"), new UsageDetails { InputTokenCount = 300_000, OutputTokenCount = 1_000 });

        Assert.Equal(1.5225m, cost);
    }

    [Fact]
    public void Input_exactly_at_the_threshold_stays_in_the_base_tier()
    {
        // 272,000 × 2.5 = 680,000 → $0.68
        var cost = CostCalculator.Calculate(Catalog.Resolve("gpt-5.4"), new UsageDetails { InputTokenCount = 272_000, OutputTokenCount = 0 });

        Assert.Equal(0.68m, cost);
    }

    [Fact]
    public void Cached_input_above_the_threshold_scales_with_the_tier_when_the_tier_states_no_cached_price()
    {
        // gpt-5.4 tier input 5 = 2 × base 2.5, so cached 0.25 → 0.5. 200,000 × 5 + 100,000 × 0.5 = 1,050,000 → $1.05
        var cost = CostCalculator.Calculate(Catalog.Resolve("gpt-5.4"), new UsageDetails { InputTokenCount = 300_000, CachedInputTokenCount = 100_000 });

        Assert.Equal(1.05m, cost);
    }

    [Fact]
    public void Gemini_pro_above_200k_uses_the_long_context_prices()
    {
        // gemini-2.5-pro above 200k: 2.5 in / 15 out; cached 0.125 × 2 = 0.25.
        // 200,000 × 2.5 + 50,000 × 0.25 + 2,000 × 15 = 500,000 + 12,500 + 30,000 = 542,500 → $0.5425
        var cost = CostCalculator.Calculate(Catalog.Resolve("gemini-2.5-pro"), new UsageDetails { InputTokenCount = 250_000, CachedInputTokenCount = 50_000, OutputTokenCount = 2_000 });

        Assert.Equal(0.5425m, cost);
    }

    [Fact]
    public void Anthropic_cache_writes_are_priced_at_the_write_rate()
    {
        // claude-sonnet-4.5: 3 in / 15 out / 0.3 read / 3.75 write. 10k input = 5k plain + 3k read + 2k written; 500 out:
        // 5,000 × 3 + 3,000 × 0.3 + 2,000 × 3.75 + 500 × 15 = 15,000 + 900 + 7,500 + 7,500 = 30,900 → $0.0309
        var usage = new UsageDetails
        {
            InputTokenCount = 10_000,
            CachedInputTokenCount = 3_000,
            OutputTokenCount = 500,
            AdditionalCounts = new() { [CostCalculator.CacheCreationInputTokensKey] = 2_000 },
        };

        Assert.Equal(0.0309m, CostCalculator.Calculate(Catalog.Resolve("claude-sonnet-4-5"), usage));
    }

    [Fact]
    public void Anthropic_cache_writes_without_a_published_write_price_cost_one_and_a_quarter_times_input()
    {
        // 4 in / 20 out / 0.4 read, no write price. 1,000 plain × 4 + 2,000 written × 5 = 4,000 + 10,000 = 14,000 → $0.014
        var model = new CatalogModel("anthropic/claude-test") { Pricing = new ModelPricing(4m, 20m, 0.4m, null) };
        var usage = new UsageDetails { InputTokenCount = 3_000, AdditionalCounts = new() { [CostCalculator.CacheCreationInputTokensKey] = 2_000 } };

        Assert.Equal(0.014m, CostCalculator.Calculate(model, usage));
    }

    [Fact]
    public void Other_creators_cache_writes_without_a_published_write_price_cost_the_input_price()
    {
        // 3,000 × 4 = 12,000 → $0.012
        var model = new CatalogModel("openai/gpt-test") { Pricing = new ModelPricing(4m, 20m, 0.4m, null) };
        var usage = new UsageDetails { InputTokenCount = 3_000, AdditionalCounts = new() { [CostCalculator.CacheCreationInputTokensKey] = 2_000 } };

        Assert.Equal(0.012m, CostCalculator.Calculate(model, usage));
    }

    [Fact]
    public void A_model_without_published_prices_has_no_cost()
    {
        Assert.Null(CostCalculator.Calculate(Catalog.Resolve("gemini-2.0-flash"), new UsageDetails { InputTokenCount = 10, OutputTokenCount = 10 }));
    }

    [Fact]
    public void Worst_case_prices_input_as_cache_writes_where_those_cost_more()
    {
        // claude-sonnet-4.5: 1,000 × 3.75 + 500 × 15 = 3,750 + 7,500 = 11,250 → $0.01125
        Assert.Equal(0.01125m, CostCalculator.EstimateMaximum(Catalog.Resolve("claude-sonnet-4.5"), 1_000, 500));
    }

    [Fact]
    public void Worst_case_uses_the_tier_the_input_selects()
    {
        // gpt-5.5 above 272k: 10 in / 45 out. 300,000 × 10 + 1,000 × 45 = 3,045,000 → $3.045
        Assert.Equal(3.045m, CostCalculator.EstimateMaximum(Catalog.Resolve("gpt-5.5"), 300_000, 1_000));
    }

    [Theory]
    [InlineData(600_000, 12)]
    [InlineData(200_000, 2)]
    [InlineData(50_000, 0.25)]
    public void The_highest_tier_below_the_input_applies_whatever_order_the_tiers_are_in(long input, decimal expected)
    {
        // Base 5; tiers listed out of order: above 500k → 20, above 100k → 10. 600k × 20 = 12; 200k × 10 = 2; 50k × 5 = 0.25.
        var model = new CatalogModel("acme/tiered")
        {
            Pricing = new ModelPricing(5m, 20m) { Tiers = [new ModelPriceTier(500_000, 20m, 80m), new ModelPriceTier(100_000, 10m, 40m)] },
        };

        Assert.Equal(expected, CostCalculator.Calculate(model, new UsageDetails { InputTokenCount = input }));
    }
}
