namespace AiGateway.Client.Dialects.Messages;

/// <summary>A <c>cache_control</c> breakpoint to write, or none (<see cref="IsSet"/> false).</summary>
/// <param name="IsSet">Whether a breakpoint is written.</param>
/// <param name="Ttl">The wire <c>ttl</c>, or <see langword="null"/> for Anthropic's default 5 minutes.</param>
internal readonly record struct CacheMark(bool IsSet, string? Ttl);
