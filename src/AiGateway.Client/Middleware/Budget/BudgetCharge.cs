namespace AiGateway.Client.Middleware.Budget;

/// <summary>One rule a call counts against, and the key of the bucket it counts in.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="ScopeKey">
/// The bucket within the rule: empty for a global rule, else the user id, the tag or the canonical model id the call
/// counts against. A store keeps one running total per rule name and scope key.
/// </param>
public sealed record BudgetCharge(BudgetRule Rule, string ScopeKey);
