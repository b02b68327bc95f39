using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>Settings of <see cref="BudgetChatClient"/>.</summary>
public sealed class BudgetOptions
{
    /// <summary>The default of <see cref="DefaultMaxOutputTokens"/>.</summary>
    public const int DefaultMaxOutputTokensValue = 8192;

    /// <summary>Gets the rules. Every rule a call matches must have room for its worst-case cost. Names must be unique.</summary>
    public IList<BudgetRule> Rules { get; } = new List<BudgetRule>();

    /// <summary>Gets or sets where reservations and spend are kept; <see langword="null"/> uses an <see cref="IBudgetStore"/> registered in DI, else a new <see cref="InMemoryBudgetStore"/>.</summary>
    public IBudgetStore? Store { get; set; }

    /// <summary>Gets or sets the clock that decides windows; <see langword="null"/> uses the one registered in DI, else <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Gets or sets the output tokens assumed when neither <see cref="ChatOptions.MaxOutputTokens"/> nor the catalog
    /// model's <c>MaxOutputTokens</c> bounds a call (default 8192). Set <see cref="ChatOptions.MaxOutputTokens"/> on
    /// requests to make reservations tight.
    /// </summary>
    public int DefaultMaxOutputTokens { get; set; } = DefaultMaxOutputTokensValue;

    /// <summary>
    /// Gets the fractions of a rule's limit whose crossing (by settled spend in the window) calls
    /// <see cref="OnThresholdReached"/>; 80% and 100% by default.
    /// </summary>
    public IList<decimal> Thresholds { get; } = new List<decimal> { 0.8m, 1.0m };

    /// <summary>Gets or sets what is called when settled spend crosses one of <see cref="Thresholds"/>. Exceptions it throws are logged, never surfaced to the call.</summary>
    public Action<BudgetThresholdReached>? OnThresholdReached { get; set; }

    /// <summary>Gets or sets what happens to a call to a model without catalog prices (default: reserve $0 and warn).</summary>
    public UnpricedModelBehavior UnpricedModels { get; set; } = UnpricedModelBehavior.ReserveZero;

    /// <summary>
    /// Gets or sets how a request's input tokens are estimated; <see langword="null"/> uses the built-in estimate (UTF-8
    /// bytes of the text divided by four, rounded up, plus fixed overheads; see <see cref="BudgetChatClient"/>). Supply
    /// a real tokenizer here for tighter reservations.
    /// </summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, long>? InputTokenEstimator { get; set; }
}
