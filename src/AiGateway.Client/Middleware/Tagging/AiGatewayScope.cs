using AiGateway.Client.Middleware.Tagging;
namespace AiGateway.Client;

/// <summary>
/// An ambient set of tags and a user id that every AI gateway call made inside it carries (when the pipeline has
/// <c>UseTags</c>), for example per HTTP request or per background job:
/// <code>
/// using (AiGatewayScope.Begin(["feature:summarise"], user: "u-42"))
/// {
///     await chatClient.GetResponseAsync("…");
/// }
/// </code>
/// The scope flows across <see langword="await"/> (it is held in an <see cref="AsyncLocal{T}"/>), scopes nest (an
/// inner scope adds its tags to the outer ones and its user replaces the outer user), and disposing a scope
/// restores the one that was current when it began.
/// </summary>
/// <remarks>
/// Begin the scope in the method whose calls should carry it: a scope begun inside an <see langword="async"/>
/// helper ends with that helper, because the runtime restores the caller's async-local values when it returns.
/// </remarks>
public sealed class AiGatewayScope : IDisposable
{
    private static readonly AsyncLocal<AiGatewayScope?> CurrentScope = new();

    private readonly AiGatewayScope? _parent;
    private bool _disposed;

    private AiGatewayScope(AiGatewayScope? parent, string[] tags, string? user)
    {
        _parent = parent;
        Tags = tags;
        User = user;
    }

    /// <summary>Gets the innermost scope of the current async flow, or <see langword="null"/> outside any scope.</summary>
    public static AiGatewayScope? Current => CurrentScope.Value;

    /// <summary>Gets the tags of this scope and every enclosing one, outermost first, without duplicates.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Gets the user of this scope, else of the nearest enclosing scope that names one.</summary>
    public string? User { get; }

    /// <summary>Begins a scope whose tags and user every call inside it carries.</summary>
    /// <param name="tags">Tags to add (for example <c>feature:chat</c>); <see langword="null"/> for none.</param>
    /// <param name="user">The end-user id; <see langword="null"/> keeps the enclosing scope's.</param>
    /// <returns>The scope; dispose it to end it (a <see langword="using"/> statement does this).</returns>
    /// <exception cref="ArgumentException">A tag or the user is empty or contains CR, LF or another control character.</exception>
    public static AiGatewayScope Begin(IEnumerable<string>? tags, string? user = null)
    {
        var parent = CurrentScope.Value;
        var merged = new List<string>(parent?.Tags ?? []);
        if (tags is not null)
        {
            foreach (var tag in tags)
            {
                TagValidator.ValidateTag(tag, int.MaxValue, nameof(tags));
                if (!merged.Contains(tag, StringComparer.Ordinal))
                {
                    merged.Add(tag);
                }
            }
        }

        if (user is not null)
        {
            TagValidator.ValidateUser(user, int.MaxValue, nameof(user));
        }

        // Form (empty, control characters) is checked here, so the mistake surfaces where it was made; lengths and
        // counts are limits of the pipeline's TaggingOptions, checked when a request is sent.
        var scope = new AiGatewayScope(parent, [.. merged], user ?? parent?.User);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Begins a scope that names the end user only.</summary>
    /// <param name="user">The end-user id.</param>
    /// <returns>The scope; dispose it to end it.</returns>
    /// <exception cref="ArgumentException">The user is empty or contains CR, LF or another control character.</exception>
    public static AiGatewayScope BeginUser(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Begin(null, user);
    }

    /// <summary>Ends the scope: the scope that was current when this one began becomes current again.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Disposed out of order (an outer scope before an inner one): the inner scopes end with it, since they
        // were built on its tags.
        for (var scope = CurrentScope.Value; scope is not null; scope = scope._parent)
        {
            if (ReferenceEquals(scope, this))
            {
                CurrentScope.Value = _parent;
                return;
            }
        }
    }
}
