namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// One <c>reasoning_details</c> item: <c>reasoning.text</c> (<c>text</c>, <c>signature</c>), <c>reasoning.summary</c>
/// (<c>summary</c>) or <c>reasoning.encrypted</c> (<c>data</c>), with <c>id</c>, <c>format</c> and <c>index</c>.
/// </summary>
internal sealed class ChatCompletionReasoningDetail
{
    /// <summary>Gets or sets the item type.</summary>
    public string? Type { get; set; }

    /// <summary>Gets or sets the readable text (<c>text</c> or <c>summary</c>).</summary>
    public string? Text { get; set; }

    /// <summary>
    /// Gets or sets the whole item as received when it carries something opaque (<c>signature</c> or <c>data</c>)
    /// that the model needs back on the next turn; <see langword="null"/> otherwise.
    /// </summary>
    public string? RawJson { get; set; }
}
