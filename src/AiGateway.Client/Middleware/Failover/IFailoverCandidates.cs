namespace AiGateway.Client.Middleware.Failover;

/// <summary>
/// A failover layer, as other middleware (budgets) sees it through <c>GetService</c>: the models it may answer with
/// besides the request's own, so a worst-case cost can cover them.
/// </summary>
internal interface IFailoverCandidates
{
    /// <summary>Gets the configured models failover may move to (distinct, ignoring case).</summary>
    IReadOnlyList<string> CandidateModels { get; }
}
