using System.Globalization;

namespace AiGateway.Client;

/// <summary>
/// A spending limit in USD over a <see cref="BudgetWindow"/>, for every call (<see cref="BudgetScope.Global"/>), or
/// per user, tag or model. With a <see cref="ScopeValue"/> the rule limits that one user, tag or model; without one,
/// each user, tag or model gets the limit separately.
/// </summary>
public sealed class BudgetRule
{
    /// <summary>Creates a rule. The factory methods (<see cref="Global"/>, <see cref="PerUser"/>, …) read better.</summary>
    /// <param name="name">A unique name, reported when the rule refuses a call (for example <c>daily-total</c>).</param>
    /// <param name="limitUsd">The limit in USD, zero or more.</param>
    /// <param name="scope">What the rule counts spend for.</param>
    /// <param name="window">The window the limit applies over.</param>
    /// <param name="scopeValue">The one user, tag or model the rule limits; <see langword="null"/> for each separately. Must be <see langword="null"/> for <see cref="BudgetScope.Global"/>.</param>
    /// <exception cref="ArgumentException">The name is empty or too long, the limit negative, or a scope value given for a global rule.</exception>
    public BudgetRule(string name, decimal limitUsd, BudgetScope scope, BudgetWindow window, string? scopeValue = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(window);
        if (name.Length > 200 || name.Any(char.IsControl))
        {
            throw new ArgumentException("A budget rule name is at most 200 characters without control characters.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(limitUsd);
        if (!Enum.IsDefined(scope))
        {
            throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown budget scope.");
        }

        if (scope == BudgetScope.Global && scopeValue is not null)
        {
            throw new ArgumentException("A global budget rule applies to every call; it takes no scope value.", nameof(scopeValue));
        }

        if (scopeValue is not null && string.IsNullOrWhiteSpace(scopeValue))
        {
            throw new ArgumentException("A scope value is empty; pass null to limit each user, tag or model separately.", nameof(scopeValue));
        }

        Name = name;
        LimitUsd = limitUsd;
        Scope = scope;
        Window = window;
        ScopeValue = scopeValue;
    }

    /// <summary>Gets the rule's unique name.</summary>
    public string Name { get; }

    /// <summary>Gets the limit in USD.</summary>
    public decimal LimitUsd { get; }

    /// <summary>Gets what the rule counts spend for.</summary>
    public BudgetScope Scope { get; }

    /// <summary>Gets the window the limit applies over.</summary>
    public BudgetWindow Window { get; }

    /// <summary>Gets the one user, tag or model limited, or <see langword="null"/> when each is limited separately.</summary>
    public string? ScopeValue { get; }

    /// <summary>A limit on every call.</summary>
    /// <param name="name">The rule's unique name.</param>
    /// <param name="limitUsd">The limit in USD.</param>
    /// <param name="window">The window.</param>
    /// <returns>The rule.</returns>
    public static BudgetRule Global(string name, decimal limitUsd, BudgetWindow window) => new(name, limitUsd, BudgetScope.Global, window);

    /// <summary>A limit per end user (calls without a user are not counted by it).</summary>
    /// <param name="name">The rule's unique name.</param>
    /// <param name="limitUsd">The limit in USD, for each user.</param>
    /// <param name="window">The window.</param>
    /// <param name="user">One user to limit; <see langword="null"/> for each user separately.</param>
    /// <returns>The rule.</returns>
    public static BudgetRule PerUser(string name, decimal limitUsd, BudgetWindow window, string? user = null) => new(name, limitUsd, BudgetScope.User, window, user);

    /// <summary>A limit per tag (a call carrying several tags counts against each).</summary>
    /// <param name="name">The rule's unique name.</param>
    /// <param name="limitUsd">The limit in USD, for each tag.</param>
    /// <param name="window">The window.</param>
    /// <param name="tag">One tag to limit (for example <c>feature:chat</c>); <see langword="null"/> for each tag separately.</param>
    /// <returns>The rule.</returns>
    public static BudgetRule PerTag(string name, decimal limitUsd, BudgetWindow window, string? tag = null) => new(name, limitUsd, BudgetScope.Tag, window, tag);

    /// <summary>A limit per model.</summary>
    /// <param name="name">The rule's unique name.</param>
    /// <param name="limitUsd">The limit in USD, for each model.</param>
    /// <param name="window">The window.</param>
    /// <param name="modelId">One model to limit (any catalog alias); <see langword="null"/> for each model separately.</param>
    /// <returns>The rule.</returns>
    public static BudgetRule PerModel(string name, decimal limitUsd, BudgetWindow window, string? modelId = null) => new(name, limitUsd, BudgetScope.Model, window, modelId);

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name} ({DescribeScope()}, ${LimitUsd:0.######} {Window})");

    internal string DescribeScope() => Scope switch
    {
        BudgetScope.Global => "global",
        // A user id may be personal data: never echoed.
        BudgetScope.User => ScopeValue is null ? "per user" : "for one user",
        BudgetScope.Tag => ScopeValue is null ? "per tag" : $"tag '{ScopeValue}'",
        _ => ScopeValue is null ? "per model" : $"model '{ScopeValue}'",
    };
}
