namespace AiGateway.Client;

/// <summary>The shape of a <see cref="BudgetWindow"/>.</summary>
public enum BudgetWindowKind
{
    /// <summary>A calendar day in UTC (00:00 to 00:00).</summary>
    Day,

    /// <summary>A calendar month in UTC (the 1st 00:00 to the next 1st 00:00).</summary>
    Month,

    /// <summary>The last <see cref="BudgetWindow.Duration"/> up to now, moving with the clock.</summary>
    Rolling,
}
