namespace AiGateway.Client;

/// <summary>What a <see cref="BudgetRule"/> counts spend for.</summary>
public enum BudgetScope
{
    /// <summary>Every call through the pipeline.</summary>
    Global,

    /// <summary>Calls made for an end user (<c>options.WithUser</c>, the ambient scope or the default user). Calls without a user are not counted.</summary>
    User,

    /// <summary>Calls carrying a tag (<c>options.WithTags</c>, the ambient scope or the default tags).</summary>
    Tag,

    /// <summary>Calls to a model (its canonical catalog id).</summary>
    Model,
}
