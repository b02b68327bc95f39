using AiGateway.Client.Middleware.Budget;
using Microsoft.Extensions.AI;

namespace AiGateway.Client;

/// <summary>Settings of <see cref="BudgetChatClient"/>.</summary>
public sealed class BudgetOptions
{
    /// <summary>The default of <see cref="AssumedMaxOutputTokens"/>.</summary>
    public const int DefaultAssumedMaxOutputTokens = 8192;

    /// <summary>Gets the rules. Every rule a call matches must have room for its worst-case cost. Names must be unique.</summary>
    public IList<BudgetRule> Rules { get; } = new List<BudgetRule>();

    /// <summary>Gets or sets where reservations and spend are kept; <see langword="null"/> uses an <see cref="IBudgetStore"/> registered in DI, else a new <see cref="InMemoryBudgetStore"/>.</summary>
    public IBudgetStore? Store { get; set; }

    /// <summary>Gets or sets the clock that decides windows; <see langword="null"/> uses the one registered in DI, else <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Gets or sets a cap on the output tokens of every call through the budget, or <see langword="null"/> for none
    /// (the default). When set, a request that sets no <see cref="ChatOptions.MaxOutputTokens"/>, or a larger one, is
    /// sent with <see cref="ChatOptions.MaxOutputTokens"/> = this cap, and the budget reserves for this many output
    /// tokens (on fallback and failover models too), so the worst case stays true. Without it, a request without
    /// its own <see cref="ChatOptions.MaxOutputTokens"/> reserves for the model's catalog maximum output (for
    /// example 64,000 tokens, about $0.96 for a Claude Sonnet 4.5 "hi"), which can make a small per-user limit
    /// admit one call at a time.
    /// </summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>
    /// Gets or sets the output tokens assumed, for the worst case only, for a model whose catalog entry gives no
    /// maximum output, when the request sets no <see cref="ChatOptions.MaxOutputTokens"/> and
    /// <see cref="MaxOutputTokens"/> is not set (default 8192). This is not a cap: nothing is sent to the provider.
    /// </summary>
    public int AssumedMaxOutputTokens { get; set; } = DefaultAssumedMaxOutputTokens;

    /// <summary>
    /// Gets or sets how long a reservation counts before it expires unless renewed or settled (default
    /// <see cref="BudgetReservation.DefaultLease"/>, 15 minutes; at least one second). The middleware renews it every
    /// third of this while a call or stream is in flight, so it matters only when a process dies or hangs holding a
    /// reservation: the reservation then stops counting at most this long after its last renewal.
    /// </summary>
    public TimeSpan ReservationLease { get; set; } = BudgetReservation.DefaultLease;

    /// <summary>
    /// Gets or sets what happens to a call without a user when a per-user rule is configured (default
    /// <see cref="MissingUserBehavior.Allow"/>: sent, not counted by per-user rules, and a warning logged once).
    /// </summary>
    public MissingUserBehavior CallsWithoutUser { get; set; } = MissingUserBehavior.Allow;

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
