using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Diagnostics;

/// <summary>
/// Log lines of the budget middleware and stores (event ids 120-139). A rule's scope is described, never a user
/// id (which may be personal data).
/// </summary>
internal static partial class AiGatewayLog
{
    [LoggerMessage(120, LogLevel.Debug, "Budget: reserved {AmountUsd} USD for model '{Model}' on {RuleCount} rule(s) (reservation {ReservationId}).")]
    public static partial void BudgetReserved(ILogger logger, decimal amountUsd, string model, int ruleCount, Guid reservationId);

    [LoggerMessage(121, LogLevel.Warning, "Budget: rule '{Rule}' ({Scope}) refused a call to '{Model}': {SpentUsd} USD spent or reserved of {LimitUsd} USD, the call may cost {RequestedUsd} USD; the window resets at {ResetsAt}.")]
    public static partial void BudgetRefused(ILogger logger, string rule, string scope, string model, decimal spentUsd, decimal limitUsd, decimal requestedUsd, DateTimeOffset? resetsAt);

    [LoggerMessage(122, LogLevel.Debug, "Budget: settled reservation {ReservationId} at {ActualUsd} USD (reserved {ReservedUsd} USD; cost from {Source}).")]
    public static partial void BudgetSettled(ILogger logger, Guid reservationId, decimal actualUsd, decimal reservedUsd, string source);

    [LoggerMessage(123, LogLevel.Debug, "Budget: released reservation {ReservationId}: the call {Reason}.")]
    public static partial void BudgetReleased(ILogger logger, Guid reservationId, string reason);

    [LoggerMessage(124, LogLevel.Warning, "Budget: model '{Model}' has no catalog prices, so its worst-case cost is unknown; its calls reserve 0 USD (logged once per model). The call settles to the cost the gateway reports, if any. Set BudgetOptions.UnpricedModels = Refuse to refuse such calls.")]
    public static partial void BudgetUnpricedModel(ILogger logger, string model);

    [LoggerMessage(125, LogLevel.Warning, "Budget: rule '{Rule}' ({Scope}) reached {Percent}% of its {LimitUsd} USD limit ({SpentUsd} USD spent); the window resets at {ResetsAt}.")]
    public static partial void BudgetThresholdReached(ILogger logger, string rule, string scope, decimal percent, decimal limitUsd, decimal spentUsd, DateTimeOffset? resetsAt);

    [LoggerMessage(126, LogLevel.Error, "Budget: the OnThresholdReached callback threw; the call is unaffected.")]
    public static partial void BudgetThresholdCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(127, LogLevel.Error, "Budget: could not settle reservation {ReservationId} at {ActualUsd} USD; it keeps counting at its worst-case {ReservedUsd} USD until its lease runs out.")]
    public static partial void BudgetSettleFailed(ILogger logger, Exception exception, Guid reservationId, decimal actualUsd, decimal reservedUsd);

    [LoggerMessage(128, LogLevel.Error, "Budget: could not release reservation {ReservationId}; it keeps counting at its worst-case {ReservedUsd} USD until its lease runs out.")]
    public static partial void BudgetReleaseFailed(ILogger logger, Exception exception, Guid reservationId, decimal reservedUsd);

    [LoggerMessage(129, LogLevel.Information, "Budget: the call with reservation {ReservationId} reported neither cost nor usage; its worst-case {ReservedUsd} USD is kept as spent.")]
    public static partial void BudgetNoUsageReported(ILogger logger, Guid reservationId, decimal reservedUsd);

    [LoggerMessage(130, LogLevel.Information, "Budget: the stream of reservation {ReservationId} {Outcome} after output began; settled at an estimate of {EstimateUsd} USD from the output received.")]
    public static partial void BudgetStreamSettledByEstimate(ILogger logger, Guid reservationId, string outcome, decimal estimateUsd);

    [LoggerMessage(131, LogLevel.Information, "Budget store: created PostgreSQL budget tables {Schema}.{TablePrefix}_* (if missing).")]
    public static partial void PostgresBudgetTablesEnsured(ILogger logger, string schema, string tablePrefix);

    [LoggerMessage(132, LogLevel.Warning, "Budget: could not renew the lease of reservation {ReservationId}; the call goes on, and the reservation expires if no renewal succeeds before its lease runs out.")]
    public static partial void BudgetLeaseRenewFailed(ILogger logger, Exception exception, Guid reservationId);

    [LoggerMessage(133, LogLevel.Warning, "Budget: the lease of reservation {ReservationId} ran out before its call finished (it no longer counts); the call's actual cost is still recorded when it settles. Raise BudgetOptions.ReservationLease if calls outlive it.")]
    public static partial void BudgetLeaseLost(ILogger logger, Guid reservationId);

    [LoggerMessage(134, LogLevel.Warning, "Budget: a call without a user was not counted by the per-user rule '{Rule}' (logged once). Set the user with options.WithUser(...), an AiGatewayScope or the tagging middleware's default user; or set BudgetOptions.CallsWithoutUser = Refuse to refuse such calls.")]
    public static partial void BudgetCallWithoutUser(ILogger logger, string rule);

    [LoggerMessage(135, LogLevel.Debug, "Budget store: purged {Deleted} PostgreSQL budget entries older than {Retention}.")]
    public static partial void PostgresBudgetPurged(ILogger logger, int deleted, TimeSpan retention);

    [LoggerMessage(136, LogLevel.Warning, "Budget store: the scheduled purge of old PostgreSQL budget entries failed; it is tried again at the next interval.")]
    public static partial void PostgresBudgetPurgeFailed(ILogger logger, Exception exception);
}
