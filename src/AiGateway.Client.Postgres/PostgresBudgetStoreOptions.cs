namespace AiGateway.Client.Postgres;

/// <summary>Where <see cref="PostgresBudgetStore"/> keeps its tables.</summary>
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
}
