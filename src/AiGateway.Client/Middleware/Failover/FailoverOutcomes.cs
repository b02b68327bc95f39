namespace AiGateway.Client.Middleware.Failover;

/// <summary>Outcome names on attempt events and the <c>aigateway.failover.attempts</c> counter.</summary>
internal static class FailoverOutcomes
{
    public const string Completed = "completed";
    public const string Retry = "retry";
    public const string Failover = "failover";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Abandoned = "abandoned";
}
