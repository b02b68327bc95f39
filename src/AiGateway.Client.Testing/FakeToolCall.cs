namespace AiGateway.Client.Testing;

/// <summary>A tool call a <see cref="FakeReply"/> makes.</summary>
/// <param name="Name">The function name.</param>
/// <param name="ArgumentsJson">The arguments as a JSON object.</param>
/// <param name="Id">The call id; generated when <see langword="null"/>.</param>
public sealed record FakeToolCall(string Name, string ArgumentsJson, string? Id = null);
