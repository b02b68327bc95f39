namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>One choice of a completion: its <c>message</c> (or a chunk's <c>delta</c>) and its finish reason.</summary>
internal sealed class ChatCompletionChoice
{
    /// <summary>Gets or sets the choice index.</summary>
    public int Index { get; set; }

    /// <summary>Gets or sets the message (whole, or a chunk's delta).</summary>
    public ChatCompletionMessage? Message { get; set; }

    /// <summary>Gets or sets the finish reason in the provider's words.</summary>
    public string? FinishReason { get; set; }
}
