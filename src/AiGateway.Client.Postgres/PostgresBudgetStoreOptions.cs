namespace AiGateway.Client.Postgres;

/// <summary>Where <see cref="PostgresBudgetStore"/> keeps its tables, and how long it keeps their rows.</summary>
public sealed class PostgresBudgetStoreOptions
{
    /// <summary>Gets or sets the schema (default <c>public</c>); created if missing. Lower-case letters, digits and underscores.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// Gets or sets the prefix of the two tables, <c>{prefix}_buckets</c> and <c>{prefix}_entries</c> (default
    /// <c>aigateway_budget</c>). Lower-case letters, digits and underscores, at most 40 characters.
    /// </summary>
    public string TablePrefix { get; set; } = "aigateway_budget";

    /// <summary>Gets or sets a value indicating whether the schema and tables are created on first use when missing (default <see langword="true"/>).</summary>
    public bool CreateTables { get; set; } = true;

    /// <summary>
    /// Gets or sets how often each store instance deletes entries older than <see cref="Retention"/> (default one
    /// hour, first run one interval after the store is created); <see langword="null"/> turns the scheduled purge off
    /// (then call <see cref="PostgresBudgetStore.PurgeExpiredAsync"/> or <see cref="PostgresBudgetStore.PurgeAsync"/>
    /// yourself, or let rows accumulate).
    /// </summary>
    public TimeSpan? PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how long entries are kept after they were reserved, by the database's clock (default 62 days,
    /// covering the current and previous calendar month). Keep it longer than every rule's window: a purged entry no
    /// longer counts, and a late settle of a purged reservation is lost.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(62);

    /// <summary>Gets or sets a shift added to the database's clock; for tests that move time without waiting.</summary>
    internal TimeSpan ClockOffset { get; set; }
}
