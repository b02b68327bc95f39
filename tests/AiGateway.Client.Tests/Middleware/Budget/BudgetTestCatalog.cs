using AiGateway.Client.Catalog;
using AiGateway.Client.Middleware.Budget;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Middleware.Budget;

/// <summary>Models with round prices, so expected costs are easy to derive in each test.</summary>
public static class BudgetTestCatalog
{
    public const decimal CheapInputPerMillion = 1m;
    public const decimal CheapOutputPerMillion = 2m;
    public const int CheapMaxOutputTokens = 1000;

    public static CatalogModel Cheap { get; } = new("test/cheap")
    {
        Pricing = new ModelPricing(CheapInputPerMillion, CheapOutputPerMillion),
        MaxOutputTokens = CheapMaxOutputTokens,
        Aliases = ["cheap-latest"],
    };

    public static CatalogModel Dear { get; } = new("test/dear")
    {
        Pricing = new ModelPricing(10m, 30m),
        MaxOutputTokens = 4000,
    };

    public static CatalogModel Unbounded { get; } = new("test/unbounded") { Pricing = new ModelPricing(1m, 2m) };

    public static CatalogModel Unpriced { get; } = new("test/unpriced") { MaxOutputTokens = 1000 };

    public static ModelCatalog Create() => new([Cheap, Dear, Unbounded, Unpriced]);

    /// <summary>Worst case of a call to <paramref name="model"/> with these token counts, from its prices.</summary>
    public static decimal Cost(CatalogModel model, long input, long output) =>
        ((input * model.Pricing!.InputPerMillion) + (output * model.Pricing.OutputPerMillion)) / 1_000_000m;

    /// <summary>A budget client over <paramref name="inner"/> with a fixed input estimate, so reservations are exact.</summary>
    public static BudgetChatClient Budgeted(IChatClient inner, Action<BudgetOptions> configure, long inputTokens = 1000, IBudgetStore? store = null, FakeTimeProvider? time = null)
    {
        var options = new BudgetOptions
        {
            InputTokenEstimator = (_, _) => inputTokens,
            Store = store ?? new InMemoryBudgetStore(),
            TimeProvider = time ?? new FakeTimeProvider(),
        };
        configure(options);
        return new BudgetChatClient(inner, options);
    }

    public static ChatOptions Options(string model = "test/cheap", int? maxOutput = 500) => new() { ModelId = model, MaxOutputTokens = maxOutput };

    public static ChatMessage[] Messages { get; } = [new(ChatRole.User, "hello")];
}
