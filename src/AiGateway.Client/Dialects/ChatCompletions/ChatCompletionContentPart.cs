namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// One part of an array-valued <c>content</c>: <c>{"type":"text","text"}</c>, or a Databricks reasoning part
/// <c>{"type":"reasoning","summary":[{"type":"summary_text","text","signature"}]}</c>.
/// </summary>
internal sealed class ChatCompletionContentPart
{
    /// <summary>Gets or sets the part type.</summary>
    public string? Type { get; set; }

    /// <summary>Gets or sets the text of a text part, or the summary text of a reasoning part.</summary>
    public string? Text { get; set; }

    /// <summary>Gets or sets the signature of a reasoning part (Claude thinking behind Databricks).</summary>
    public string? Signature { get; set; }

    /// <summary>Gets or sets the part as received, for a reasoning part that has to be sent back (it carries the signature).</summary>
    public string? RawJson { get; set; }
}
