namespace AiGateway.Client.Middleware.Tagging;

/// <summary>The tags and user a request carries (for budget rules by tag and by user).</summary>
/// <param name="Tags">The tags, without duplicates.</param>
/// <param name="User">The user, or <see langword="null"/>.</param>
internal readonly record struct RequestAttribution(IReadOnlyList<string> Tags, string? User);
