using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Middleware.Tagging;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// The bookkeeping the budget middleware of chat, embeddings and images share: which rules a call is charged to,
/// reserving its worst case in the store, and settling (with threshold notices) or releasing it afterwards.
/// </summary>
internal sealed class BudgetLedger
{
    private readonly BudgetRule[] _rules;

    // Per rule, the charge of a global rule (always the same) or the last one made for a per-user or per-model rule:
    // reused while the bucket is the same, so the usual call allocates no charge.
    private readonly BudgetCharge?[] _lastCharges;
    private readonly decimal[] _thresholds;

    // Per rule, its limit times each threshold: the spend that crosses it, worked out once rather than per settle.
    private readonly decimal[][] _marks;
    private BudgetCharge[]? _lastChargeSet;

    [ThreadStatic]
    private static List<BudgetCharge>? t_matching;
    private readonly ILogger _logger;
    private readonly Action<BudgetThresholdReached>? _onThresholdReached;
    private readonly ConcurrentDictionary<string, byte> _unpricedWarned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks the rules and thresholds of <paramref name="options"/> and keeps what the bookkeeping needs.</summary>
    /// <exception cref="ArgumentException">Two rules share a name, or a threshold is not positive.</exception>
    public BudgetLedger(BudgetOptions options, IBudgetStore? fallbackStore, TimeProvider? fallbackTimeProvider, ILogger logger, Action<BudgetThresholdReached>? onThresholdReached)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in options.Rules)
        {
            ArgumentNullException.ThrowIfNull(rule, "options.Rules");
            if (!names.Add(rule.Name))
            {
                throw new ArgumentException($"Two budget rules are named '{rule.Name}'; rule names must be unique, since spend is kept per rule name.", nameof(options));
            }
        }

        foreach (var threshold in options.Thresholds)
        {
            if (threshold <= 0)
            {
                throw new ArgumentException($"Budget threshold {threshold} is not a positive fraction of the limit (use 0.8 for 80%).", nameof(options));
            }
        }

        _rules = [.. options.Rules];
        _lastCharges = new BudgetCharge?[_rules.Length];
        _thresholds = [.. options.Thresholds.Distinct().Order()];
        _marks = [.. _rules.Select(rule => _thresholds.Select(threshold => rule.LimitUsd * threshold).ToArray())];
        // Windows and leases need milliseconds at most: the coarse system clock in place of the system's.
        TimeProvider = CoarseSystemClock.For(options.TimeProvider ?? fallbackTimeProvider ?? TimeProvider.System);
        Store = options.Store ?? fallbackStore ?? new InMemoryBudgetStore(TimeProvider);
        UnpricedModels = options.UnpricedModels;
        _logger = logger;
        _onThresholdReached = onThresholdReached;
    }

    public IBudgetStore Store { get; }

    public TimeProvider TimeProvider { get; }

    public UnpricedModelBehavior UnpricedModels { get; }

    public BudgetRule[] Rules => _rules;

    /// <summary>Gets a value indicating whether there are no rules (nothing is reserved).</summary>
    public bool IsEmpty => _rules.Length == 0;

    /// <summary>The rule named <paramref name="ruleName"/>.</summary>
    /// <exception cref="ArgumentException">No rule has that name.</exception>
    public BudgetRule Find(string ruleName) =>
        Array.Find(_rules, r => string.Equals(r.Name, ruleName, StringComparison.Ordinal))
            ?? throw new ArgumentException($"No budget rule is named '{ruleName}'. Rules: {string.Join(", ", _rules.Select(r => r.Name))}.", nameof(ruleName));

    /// <summary>The first per-user rule, if any.</summary>
    public BudgetRule? FirstUserRule() => Array.Find(_rules, r => r.Scope == BudgetScope.User);

    /// <summary>The buckets a call is charged to: every global rule, the user's, each of its tags', its model's.</summary>
    /// <remarks>The list returned is shared by calls with the same charges: read it, never change it.</remarks>
    public IReadOnlyList<BudgetCharge> Match(RequestAttribution attribution, string? modelKey, CatalogModel? model, IModelCatalog? catalog)
    {
        var (tags, user) = attribution;

        // Gathered in a list of this thread's (nothing here awaits), then shared or copied once (see Shared).
        var charges = t_matching ??= [];
        charges.Clear();
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            switch (rule.Scope)
            {
                case BudgetScope.Global:
                    charges.Add(ChargeFor(r, string.Empty));
                    break;
                case BudgetScope.User when user is not null && (rule.ScopeValue is null || string.Equals(rule.ScopeValue, user, StringComparison.Ordinal)):
                    charges.Add(ChargeFor(r, user));
                    break;
                case BudgetScope.Tag when rule.ScopeValue is null:
                    for (var i = 0; i < tags.Count; i++)
                    {
                        // Tags set straight into AdditionalProperties (not through WithTags) may repeat: one bucket
                        // charged twice would reserve and settle the call twice over.
                        if (!IsRepeated(tags, i))
                        {
                            charges.Add(new BudgetCharge(rule, tags[i]));
                        }
                    }

                    break;
                case BudgetScope.Tag when tags.Contains(rule.ScopeValue, StringComparer.Ordinal):
                    charges.Add(new BudgetCharge(rule, rule.ScopeValue));
                    break;
                case BudgetScope.Model when modelKey is not null && (rule.ScopeValue is null || IsSameModel(rule.ScopeValue, modelKey, model, catalog)):
                    charges.Add(ChargeFor(r, modelKey));
                    break;
            }
        }

        return charges.Count == 0 ? [] : Shared(charges);
    }

    /// <summary>A model without prices is let through at zero: warned once per model, since a warning per call would flood the log of an app that chose to allow it.</summary>
    public void NoteUnpriced(string? modelKey)
    {
        if (_unpricedWarned.TryAdd(modelKey ?? string.Empty, 0))
        {
            AiGatewayLog.BudgetUnpricedModel(_logger, modelKey ?? "(none)");
        }
    }

    /// <summary>Reserves in the store; when the store fails (or the caller cancels) the reservation is released, a no-op if it never committed.</summary>
    /// <remarks>A store that answers at once (the in-memory one) is answered without an async state machine.</remarks>
    public ValueTask<BudgetReservationResult> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken)
    {
        ValueTask<BudgetReservationResult> pending;
        try
        {
            pending = Store.TryReserveAsync(reservation, cancellationToken);
        }
        catch (Exception ex)
        {
            return ReleaseAndRethrowAsync(reservation, ExceptionDispatchInfo.Capture(ex));
        }

        return pending.IsCompletedSuccessfully ? pending : AwaitReservationAsync(reservation, pending);
    }

    private async ValueTask<BudgetReservationResult> AwaitReservationAsync(BudgetReservation reservation, ValueTask<BudgetReservationResult> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return await ReleaseAndRethrowAsync(reservation, ExceptionDispatchInfo.Capture(ex)).ConfigureAwait(false);
        }
    }

    private async ValueTask<BudgetReservationResult> ReleaseAndRethrowAsync(BudgetReservation reservation, ExceptionDispatchInfo failure)
    {
        // The store may have committed before the failure (or the cancellation) reached us: release, a no-op otherwise.
        await ReleaseAsync(reservation, "could not be reserved").ConfigureAwait(false);
        failure.Throw();
        return default!;
    }

    /// <summary>A new reservation of <paramref name="amount"/> on <paramref name="charges"/>, made now on the ledger's clock.</summary>
    public BudgetReservation NewReservation(IReadOnlyList<BudgetCharge> charges, decimal amount, TimeSpan? lease = null) =>
        new(BudgetReservationIds.Next(), charges, amount, TimeProvider.GetUtcNow(), lease) { Clock = TimeProvider };

    /// <summary>Logs a refusal by the store.</summary>
    public void LogRefused(BudgetCharge charge, BudgetUsage usage, BudgetReservation reservation, string? modelKey) =>
        AiGatewayLog.BudgetRefused(_logger, charge.Rule.Name, Scope(charge), modelKey ?? "(none)", usage.TotalUsd, charge.Rule.LimitUsd, reservation.AmountUsd, usage.WindowResetsAt);

    public void LogReserved(BudgetReservation reservation, string? modelKey) =>
        AiGatewayLog.BudgetReserved(_logger, reservation.AmountUsd, modelKey ?? "(none)", reservation.Charges.Count, reservation.Id);

    /// <summary>Settles a reservation to its actual cost and tells of every threshold the settled spend crossed. A store failure is logged: the reservation keeps counting until its lease runs out.</summary>
    /// <remarks>A store that answers at once (the in-memory one) is answered without an async state machine.</remarks>
    public ValueTask SettleAsync(BudgetReservation reservation, decimal cost, string source)
    {
        var now = TimeProvider.GetUtcNow();
        ValueTask<IReadOnlyList<BudgetSettlement>> pending;
        try
        {
            // Never the caller's token: a cancelled caller must not leave the reservation standing.
            pending = Store.SettleAsync(reservation, cost, now, CancellationToken.None);
        }
#pragma warning disable CA1031 // The call succeeded; a store failure is logged and leaves the (larger) reservation counting.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AiGatewayLog.BudgetSettleFailed(_logger, ex, reservation.Id, cost, reservation.AmountUsd);
            return default;
        }

        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitSettlementAsync(reservation, cost, source, now, pending);
        }

        Settled(reservation, cost, source, now, pending.Result);
        return default;
    }

    private async ValueTask AwaitSettlementAsync(BudgetReservation reservation, decimal cost, string source, DateTimeOffset now, ValueTask<IReadOnlyList<BudgetSettlement>> pending)
    {
        IReadOnlyList<BudgetSettlement> settlements;
        try
        {
            settlements = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // As in SettleAsync.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AiGatewayLog.BudgetSettleFailed(_logger, ex, reservation.Id, cost, reservation.AmountUsd);
            return;
        }

        Settled(reservation, cost, source, now, settlements);
    }

    private void Settled(BudgetReservation reservation, decimal cost, string source, DateTimeOffset now, IReadOnlyList<BudgetSettlement> settlements)
    {
        AiGatewayLog.BudgetSettled(_logger, reservation.Id, cost, reservation.AmountUsd, source);
        if (_thresholds.Length == 0)
        {
            return;
        }

        // Indexed: a foreach over the IReadOnlyList would box an enumerator per settle.
        for (var s = 0; s < settlements.Count; s++)
        {
            var settlement = settlements[s];
            var limit = settlement.Charge.Rule.LimitUsd;
            var marks = MarksOf(settlement.Charge.Rule);
            for (var t = 0; t < _thresholds.Length; t++)
            {
                var threshold = _thresholds[t];
                var mark = marks?[t] ?? limit * threshold;
                if (limit > 0 && settlement.SpentBeforeUsd < mark && settlement.SpentAfterUsd >= mark)
                {
                    var notice = new BudgetThresholdReached(settlement.Charge, threshold, settlement.SpentAfterUsd, settlement.Charge.Rule.Window.GetResetTime(now, null));
                    AiGatewayLog.BudgetThresholdReached(_logger, notice.Rule.Name, Scope(settlement.Charge), threshold * 100m, limit, notice.SpentUsd, notice.WindowResetsAt);
                    try
                    {
                        _onThresholdReached?.Invoke(notice);
                    }
#pragma warning disable CA1031 // An app's callback must not fail the call it observes.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        AiGatewayLog.BudgetThresholdCallbackFailed(_logger, ex);
                    }
                }
            }
        }
    }

    /// <summary>Releases a whole reservation (the call failed, was cancelled or never sent). A store failure is logged.</summary>
    public async Task ReleaseAsync(BudgetReservation reservation, string reason)
    {
        try
        {
            await Store.ReleaseAsync(reservation, CancellationToken.None).ConfigureAwait(false);
            AiGatewayLog.BudgetReleased(_logger, reservation.Id, reason);
        }
#pragma warning disable CA1031 // The call's own exception is the one to surface; a store failure is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AiGatewayLog.BudgetReleaseFailed(_logger, ex, reservation.Id, reservation.AmountUsd);
        }
    }

    /// <summary>How a failure is named in the release log line.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "was cancelled",
        BudgetExceededException => "was refused by the gateway (402)",
        _ => $"failed ({ex.GetType().Name})",
    };

    /// <summary>A bucket as log lines and messages name it (never a user id).</summary>
    public static string Scope(BudgetCharge charge) => charge.Rule.Scope switch
    {
        BudgetScope.Global => "global",
        BudgetScope.User => "for a user",
        BudgetScope.Tag => $"tag '{charge.ScopeKey}'",
        _ => $"model '{charge.ScopeKey}'",
    };

    /// <summary>The spend at each threshold of one of this ledger's rules (worked out once), or <see langword="null"/> for another rule.</summary>
    private decimal[]? MarksOf(BudgetRule rule)
    {
        for (var r = 0; r < _rules.Length; r++)
        {
            if (ReferenceEquals(_rules[r], rule))
            {
                return _marks[r];
            }
        }

        return null;
    }

    /// <summary>
    /// The charges of a call as a read-only list: the last call's list when every charge is the same (the usual case,
    /// since charges are reused per bucket), so that call's list serves the next reservation too instead of a new one
    /// per call. Nothing writes to a reservation's charges.
    /// </summary>
    private IReadOnlyList<BudgetCharge> Shared(List<BudgetCharge> charges)
    {
        var last = Volatile.Read(ref _lastChargeSet);
        if (last is not null && last.Length == charges.Count)
        {
            var same = true;
            for (var i = 0; i < last.Length && same; i++)
            {
                same = ReferenceEquals(last[i], charges[i]);
            }

            if (same)
            {
                return last;
            }
        }

        var set = charges.ToArray();
        Volatile.Write(ref _lastChargeSet, set);
        return set;
    }

    /// <summary>The charge of rule <paramref name="index"/> on bucket <paramref name="scopeKey"/> (charges are immutable records, so one can serve many calls).</summary>
    private BudgetCharge ChargeFor(int index, string scopeKey)
    {
        var last = Volatile.Read(ref _lastCharges[index]);
        if (last is not null && string.Equals(last.ScopeKey, scopeKey, StringComparison.Ordinal))
        {
            return last;
        }

        var charge = new BudgetCharge(_rules[index], scopeKey);
        Volatile.Write(ref _lastCharges[index], charge);
        return charge;
    }

    private static bool IsRepeated(IReadOnlyList<string> tags, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (string.Equals(tags[i], tags[index], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSameModel(string ruleModel, string modelKey, CatalogModel? model, IModelCatalog? catalog) =>
        string.Equals(ruleModel, modelKey, StringComparison.OrdinalIgnoreCase)
        || (model is not null && model.Aliases.Contains(ruleModel, StringComparer.OrdinalIgnoreCase))
        || (catalog is not null && catalog.TryFind(ruleModel, out var resolved) && string.Equals(resolved.Id, modelKey, StringComparison.OrdinalIgnoreCase));
}
