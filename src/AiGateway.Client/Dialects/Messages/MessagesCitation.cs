namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// A citation on a text block (<c>char_location</c>, <c>page_location</c>, <c>content_block_location</c>,
/// <c>web_search_result_location</c>, <c>search_result_location</c>); only the fields every kind can map are read.
/// https://docs.claude.com/en/docs/build-with-claude/citations
/// </summary>
internal sealed class MessagesCitation
{
    public string? Type { get; set; }

    public string? CitedText { get; set; }

    public string? DocumentTitle { get; set; }

    public string? Title { get; set; }

    public string? Url { get; set; }

    public string? Source { get; set; }
}
