namespace AiGateway.Client.Dialects.Responses;

/// <summary>A content part: <c>output_text</c> (text), <c>refusal</c> (refusal), <c>summary_text</c> or <c>reasoning_text</c> (text).</summary>
internal sealed class ResponseContentPart
{
    public string? Type { get; set; }

    public string? Text { get; set; }

    public string? Refusal { get; set; }

    /// <summary>Gets or sets the citations of an <c>output_text</c> part.</summary>
    public List<ResponseAnnotation>? Annotations { get; set; }
}
