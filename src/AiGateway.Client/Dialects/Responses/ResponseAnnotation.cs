namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// An annotation on an <c>output_text</c> part: <c>url_citation</c> (url, title, start/end index), <c>file_citation</c>
/// and <c>container_file_citation</c> (file_id, filename). See the spec's <c>Annotation</c> union.
/// </summary>
internal sealed class ResponseAnnotation
{
    public string? Type { get; set; }

    public string? Url { get; set; }

    public string? Title { get; set; }

    public int? StartIndex { get; set; }

    public int? EndIndex { get; set; }

    public string? FileId { get; set; }

    public string? Filename { get; set; }
}
