namespace AiGateway.Client.Redis;

/// <summary>Where <see cref="RedisBudgetStore"/> keeps its keys.</summary>
public sealed class RedisBudgetStoreOptions
{
    /// <summary>
    /// Gets or sets the prefix of every key (default <c>aigateway:budget</c>). It is wrapped in a hash tag
    /// (<c>{aigateway:budget}:…</c>), so all of a store's keys live in one Redis Cluster slot and one script can
    /// touch every rule a reservation counts against.
    /// </summary>
    public string KeyPrefix { get; set; } = "aigateway:budget";

    /// <summary>Gets or sets the database number (default -1: the connection's default database).</summary>
    public int Database { get; set; } = -1;

    /// <summary>Gets or sets a shift added to the Redis server's clock; for tests that move time without waiting.</summary>
    internal TimeSpan ClockOffset { get; set; }
}
