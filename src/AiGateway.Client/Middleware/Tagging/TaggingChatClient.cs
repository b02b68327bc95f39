using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Tagging;

/// <summary>
/// Middleware that attributes every call: it merges the default tags and user (<see cref="TaggingOptions"/>), the
/// ambient <see cref="AiGatewayScope"/> and the request's own (<c>options.WithTags(…)</c>, <c>options.WithUser(…)</c>)
/// onto a copy of the request's <see cref="ChatOptions"/> under <see cref="AiGatewayPropertyKeys.Tags"/> and
/// <see cref="AiGatewayPropertyKeys.User"/>, and refuses invalid values before anything is sent. The leaf client hands
/// them to the gateway in its native form and puts them on the call's Activity.
/// </summary>
/// <remarks>
/// Tags are merged in order defaults, scope, request, without duplicates (ordinal comparison). The user is the
/// request's, else the scope's, else the default. The caller's <see cref="ChatOptions"/> is never changed.
/// </remarks>
public class TaggingChatClient : DelegatingChatClient, IRequestAttributionSource<ChatOptions>
{
    private readonly string[] _defaultTags;
    private readonly string? _defaultUser;
    private readonly int _maxTags;
    private readonly int _maxTagLength;
    private readonly int _maxUserLength;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The client to send through.</param>
    /// <param name="options">The defaults and limits; <see langword="null"/> for none and the default limits.</param>
    /// <exception cref="ArgumentException">A default tag or user is invalid, or a limit is not positive.</exception>
    public TaggingChatClient(IChatClient innerClient, TaggingOptions? options = null)
        : base(innerClient)
    {
        options ??= new TaggingOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxTags, "options.MaxTags");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxTagLength, "options.MaxTagLength");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxUserLength, "options.MaxUserLength");
        _maxTags = options.MaxTags;
        _maxTagLength = options.MaxTagLength;
        _maxUserLength = options.MaxUserLength;

        var defaults = new List<string>(options.DefaultTags.Count);
        foreach (var tag in options.DefaultTags)
        {
            TagValidator.ValidateTag(tag, _maxTagLength, "options.DefaultTags");
            if (!defaults.Contains(tag, StringComparer.Ordinal))
            {
                defaults.Add(tag);
            }
        }

        TagValidator.ValidateCount(defaults.Count, _maxTags, "options.DefaultTags");
        if (options.DefaultUser is { } user)
        {
            TagValidator.ValidateUser(user, _maxUserLength, "options.DefaultUser");
        }

        _defaultTags = [.. defaults];
        _defaultUser = options.DefaultUser;
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, ApplyTags(options), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, ApplyTags(options), cancellationToken);

    /// <summary>
    /// Returns the options a request is sent with: a copy of <paramref name="options"/> carrying the merged tags and
    /// user, or <paramref name="options"/> itself when there is nothing to merge. Other middleware (budgets) calls this
    /// to see the attribution a request will have.
    /// </summary>
    /// <param name="options">The request's options, or <see langword="null"/>.</param>
    /// <returns>The options to send.</returns>
    /// <exception cref="ArgumentException">A tag or the user is empty, too long, contains a control character, or there are too many tags.</exception>
    public virtual ChatOptions? ApplyTags(ChatOptions? options)
    {
        var attribution = Merge(options, out var asIs);
        if (asIs)
        {
            return options;
        }

        var copy = options?.Clone() ?? new ChatOptions();
        copy.AdditionalProperties ??= [];
        if (attribution.Tags.Count > 0)
        {
            copy.AdditionalProperties[AiGatewayPropertyKeys.Tags] = attribution.Tags;
        }

        if (attribution.User is { } user)
        {
            copy.AdditionalProperties[AiGatewayPropertyKeys.User] = user;
        }

        return copy;
    }

    /// <inheritdoc />
    RequestAttribution IRequestAttributionSource<ChatOptions>.GetAttribution(ChatOptions? options)
    {
        if (GetType() == typeof(TaggingChatClient))
        {
            // The merge alone: no copy of the options just to read the tags and user back from it.
            return Merge(options, out _);
        }

        // A subclass may change what ApplyTags sends: ask it.
        var applied = ApplyTags(options);
        return new RequestAttribution(applied.GetTags(), applied.GetUser());
    }

    /// <summary>The checked tags and user of a request once defaults and scope are merged; <paramref name="asIs"/> when there was nothing to merge (the request's own values).</summary>
    private RequestAttribution Merge(ChatOptions? options, out bool asIs)
    {
        var requestTags = options.GetTags();
        var requestUser = options.GetUser();
        var scope = AiGatewayScope.Current;

        if (_defaultTags.Length == 0 && _defaultUser is null && scope is null)
        {
            // Nothing to merge: check the request's own values and send its options as they are.
            Validate(requestTags, requestUser, requestTags.Count);
            asIs = true;
            return new RequestAttribution(requestTags, requestUser);
        }

        if (scope is null && requestTags.Count == 0 && requestUser is null)
        {
            // The usual call: the defaults alone, checked once when this client was made. The array is shared by
            // every such call (nothing here writes to it).
            asIs = false;
            return new RequestAttribution(_defaultTags, _defaultUser);
        }

        var merged = new List<string>(_defaultTags.Length + (scope?.Tags.Count ?? 0) + requestTags.Count);
        Add(merged, _defaultTags);
        if (scope is not null)
        {
            Add(merged, scope.Tags);
        }

        Add(merged, requestTags);
        var user = requestUser ?? scope?.User ?? _defaultUser;
        Validate(merged, user, merged.Count);
        asIs = false;
        return new RequestAttribution(merged.Count > 0 ? merged.ToArray() : [], user);

        static void Add(List<string> target, IReadOnlyList<string> source)
        {
            for (var i = 0; i < source.Count; i++)
            {
                if (!target.Contains(source[i], StringComparer.Ordinal))
                {
                    target.Add(source[i]);
                }
            }
        }
    }

    private void Validate(IReadOnlyList<string> tags, string? user, int count)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            TagValidator.ValidateTag(tags[i], _maxTagLength, "options");
        }

        TagValidator.ValidateCount(count, _maxTags, "options");
        if (user is not null)
        {
            TagValidator.ValidateUser(user, _maxUserLength, "options");
        }
    }
}
