namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>A tool call, or in a stream a fragment of one (the id and name come first, the arguments in pieces).</summary>
internal sealed class ChatCompletionToolCall
{
    /// <summary>Gets or sets the index that ties a stream's fragments together.</summary>
    public int? Index { get; set; }

    /// <summary>Gets or sets the call id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the function name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the arguments JSON text (or a fragment of it).</summary>
    public string? Arguments { get; set; }

    /// <summary>
    /// Gets or sets the raw JSON text of <c>extra_content</c> when it is an object (Gemini's thought signature; see
    /// <see cref="ChatCompletionsPropertyKeys.ExtraContent"/>). In a stream it comes on the fragment that opens the call.
    /// </summary>
    public string? ExtraContent { get; set; }
}
