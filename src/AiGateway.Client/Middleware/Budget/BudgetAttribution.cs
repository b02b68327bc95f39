using AiGateway.Client.Middleware.Tagging;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// The tags and user a budgeted call is charged to: what the tagging layer further in will merge, when there is one
/// (found as an <see cref="IRequestAttributionSource{TOptions}"/>); otherwise the request's own merged with the
/// ambient <see cref="AiGatewayScope"/>'s.
/// </summary>
internal static class BudgetAttribution
{
    /// <summary>The attribution of a request whose own tags and user are <paramref name="requestTags"/> and <paramref name="requestUser"/>.</summary>
    public static RequestAttribution Of<TOptions>(IRequestAttributionSource<TOptions>? source, TOptions? options, IReadOnlyList<string> requestTags, string? requestUser)
        where TOptions : class
    {
        if (source is not null)
        {
            return source.GetAttribution(options);
        }

        var scope = AiGatewayScope.Current;
        if (scope is null || scope.Tags.Count == 0)
        {
            return new RequestAttribution(requestTags, requestUser ?? scope?.User);
        }

        return new RequestAttribution(scope.Tags.Concat(requestTags).Distinct(StringComparer.Ordinal).ToArray(), requestUser ?? scope.User);
    }
}
