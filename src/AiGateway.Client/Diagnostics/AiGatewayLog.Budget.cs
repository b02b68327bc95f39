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

    [LoggerMessage(127, LogLevel.Error, "Budget: could not settle reservation {ReservationId} at {ActualUsd} USD; it keeps counting at its worst-case {ReservedUsd} USD until its window passes.")]
    public static partial void BudgetSettleFailed(ILogger logger, Exception exception, Guid reservationId, decimal actualUsd, decimal reservedUsd);

    [LoggerMessage(128, LogLevel.Error, "Budget: could not release reservation {ReservationId}; it keeps counting at its worst-case {ReservedUsd} USD until its window passes.")]
    public static partial void BudgetReleaseFailed(ILogger logger, Exception exception, Guid reservationId, decimal reservedUsd);

    [LoggerMessage(129, LogLevel.Information, "Budget: the call with reservation {ReservationId} reported neither cost nor usage; its worst-case {ReservedUsd} USD is kept as spent.")]
    public static partial void BudgetNoUsageReported(ILogger logger, Guid reservationId, decimal reservedUsd);

    [LoggerMessage(130, LogLevel.Information, "Budget: the stream of reservation {ReservationId} {Outcome} after output began; settled at an estimate of {EstimateUsd} USD from the output received.")]
    public static partial void BudgetStreamSettledByEstimate(ILogger logger, Guid reservationId, string outcome, decimal estimateUsd);

    [LoggerMessage(131, LogLevel.Information, "Budget store: created PostgreSQL budget tables {Schema}.{TablePrefix}_* (if missing).")]
    public static partial void PostgresBudgetTablesEnsured(ILogger logger, string schema, string tablePrefix);
}
