namespace AiGateway.Client;

/// <summary>What <see cref="Middleware.Budget.BudgetChatClient"/> does with a call to a model the catalog has no prices for, when a rule applies to it.</summary>
public enum UnpricedModelBehavior
{
    /// <summary>
    /// Send the call, reserving $0 (its worst case is unknown) and logging a warning; it settles to the cost the
    /// gateway reports, if any. The default: an unknown model should not stop an app, but its spend is visible.
    /// </summary>
    ReserveZero,

    /// <summary>Refuse the call with <see cref="BudgetExceededException"/> before sending: every call must be bounded.</summary>
    Refuse,
}
