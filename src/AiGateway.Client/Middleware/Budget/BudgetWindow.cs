namespace AiGateway.Client;

/// <summary>
/// The span of time a <see cref="BudgetRule"/> limits spend over: a UTC calendar day, a UTC calendar month, or a
/// rolling duration. Spend is counted in the window that contains the moment its call was reserved.
/// </summary>
public sealed class BudgetWindow : IEquatable<BudgetWindow>
{
    private MonthSpan? _lastMonth;

    private BudgetWindow(BudgetWindowKind kind, TimeSpan duration)
    {
        Kind = kind;
        Duration = duration;
    }

    /// <summary>Gets the UTC calendar day window.</summary>
    public static BudgetWindow PerDay { get; } = new(BudgetWindowKind.Day, TimeSpan.FromDays(1));

    /// <summary>Gets the UTC calendar month window.</summary>
    public static BudgetWindow PerMonth { get; } = new(BudgetWindowKind.Month, TimeSpan.Zero);

    /// <summary>Gets the shape of the window.</summary>
    public BudgetWindowKind Kind { get; }

    /// <summary>Gets the length of a rolling window (one day for <see cref="BudgetWindowKind.Day"/>, zero for months, whose length varies).</summary>
    public TimeSpan Duration { get; }

    /// <summary>
    /// Gets a value indicating whether spend reserved exactly at <see cref="GetStart"/> counts: calendar windows
    /// include their first instant; a rolling window counts only spend strictly after now minus its duration, so
    /// spend leaves it exactly one duration after it was reserved.
    /// </summary>
    public bool IsStartInclusive => Kind != BudgetWindowKind.Rolling;

    /// <summary>A window covering the last <paramref name="duration"/> up to now.</summary>
    /// <param name="duration">The length of the window, at least one second.</param>
    /// <returns>The window.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is shorter than one second.</exception>
    /// <remarks>
    /// <see cref="Middleware.Budget.InMemoryBudgetStore"/> keeps a rolling window's settled spend in 64 time slots so its memory does not
    /// grow with the number of calls: spend stops counting between one <paramref name="duration"/> and one
    /// <paramref name="duration"/> plus 1/64 of it after the call was reserved, never earlier (so never an overspend).
    /// </remarks>
    public static BudgetWindow Rolling(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A rolling budget window must last at least one second.");
        }

        return new BudgetWindow(BudgetWindowKind.Rolling, duration);
    }

    /// <summary>Gets where the window that contains <paramref name="now"/> begins (see <see cref="IsStartInclusive"/>).</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The start, in UTC.</returns>
    public DateTimeOffset GetStart(DateTimeOffset now)
    {
        // Budget stores ask several times per call: a UTC day is whole days of ticks, and the month of the last
        // answer is remembered, rather than splitting the date into year, month and day each time.
        var ticks = now.UtcTicks;
        switch (Kind)
        {
            case BudgetWindowKind.Day:
                return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerDay), TimeSpan.Zero);
            case BudgetWindowKind.Month:
                var month = Volatile.Read(ref _lastMonth);
                if (month is null || ticks < month.StartTicks || ticks >= month.EndTicks)
                {
                    var utc = now.UtcDateTime;
                    var start = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
                    month = new MonthSpan(start.Ticks, start.AddMonths(1).Ticks);
                    Volatile.Write(ref _lastMonth, month);
                }

                return new DateTimeOffset(month.StartTicks, TimeSpan.Zero);
            default:
                return now.ToUniversalTime() - Duration;
        }
    }

    /// <summary>Gets a value indicating whether spend reserved at <paramref name="timestamp"/> counts in the window that contains <paramref name="now"/>.</summary>
    /// <param name="timestamp">When the spend was reserved.</param>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> when it counts.</returns>
    public bool Contains(DateTimeOffset timestamp, DateTimeOffset now)
    {
        var start = GetStart(now);
        return IsStartInclusive ? timestamp >= start : timestamp > start;
    }

    /// <summary>
    /// Gets when the window that contains <paramref name="now"/> resets: the next UTC midnight or first of the month
    /// for calendar windows; for a rolling window, when its oldest counted spend leaves it (the earliest moment room
    /// can grow), or <see langword="null"/> when nothing is counted.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="oldestCounted">When the oldest spend still counted was reserved, if any.</param>
    /// <returns>The reset time in UTC, or <see langword="null"/>.</returns>
    public DateTimeOffset? GetResetTime(DateTimeOffset now, DateTimeOffset? oldestCounted)
    {
        var start = GetStart(now);
        return Kind switch
        {
            BudgetWindowKind.Day => start.AddDays(1),
            BudgetWindowKind.Month => start.AddMonths(1),
            _ => oldestCounted?.ToUniversalTime() + Duration,
        };
    }

    /// <inheritdoc />
    public bool Equals(BudgetWindow? other) => other is not null && other.Kind == Kind && other.Duration == Duration;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BudgetWindow);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Duration);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        BudgetWindowKind.Day => "per day (UTC)",
        BudgetWindowKind.Month => "per month (UTC)",
        _ => $"per rolling {Duration}",
    };

    /// <summary>One UTC calendar month, in ticks: its first instant and the first instant of the next.</summary>
    private sealed record MonthSpan(long StartTicks, long EndTicks);
}
