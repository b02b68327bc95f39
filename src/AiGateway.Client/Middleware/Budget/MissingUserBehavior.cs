namespace AiGateway.Client;

/// <summary>What <see cref="Middleware.Budget.BudgetChatClient"/> does with a call that carries no user when a per-user rule (<see cref="BudgetScope.User"/>) is configured.</summary>
public enum MissingUserBehavior
{
    /// <summary>
    /// Send the call without counting it against any per-user rule (other rules still apply), and log a warning the
    /// first time this happens: a forgotten <c>options.WithUser(...)</c> would otherwise mean no per-user limit at all.
    /// </summary>
    Allow,

    /// <summary>
    /// Refuse the call with <see cref="BudgetExceededException"/> before sending: every call must name its user
    /// (<c>options.WithUser(...)</c>, an <c>AiGatewayScope</c> or the tagging middleware's default user).
    /// </summary>
    Refuse,
}
