using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects;

/// <summary>Turns a finish reason the dialect has no mapping for into a <see cref="ChatFinishReason"/>.</summary>
internal static class FinishReasonText
{
    /// <summary>
    /// Keeps an unmapped reason as it was sent (<c>pause_turn</c>, <c>OTHER</c>); a blank one (<c>""</c>, <c>" "</c>)
    /// is <see langword="null"/>. <see cref="ChatFinishReason"/> refuses blank values, and a blank reason says nothing
    /// an SDK user could act on, so the answer (whose content is intact) reads as one without a finish reason, exactly
    /// as when the field is absent, rather than failing; the raw value stays under
    /// <see cref="DialectPropertyKeys.RawFinishReason"/> for diagnosis.
    /// </summary>
    /// <param name="raw">The reason as sent.</param>
    /// <returns>The reason, or <see langword="null"/> when it is blank.</returns>
    public static ChatFinishReason? ToFinishReason(string? raw) => string.IsNullOrWhiteSpace(raw) ? null : new ChatFinishReason(raw);
}
