namespace AiGateway.Client.Testing;

/// <summary>
/// A web source <see cref="FakeGateway"/> cites for the whole answer text (Anthropic <c>web_search_result_location</c>,
/// Responses <c>url_citation</c>, Gemini <c>groundingSupports</c>). Chat Completions ignores it.
/// </summary>
public sealed class FakeCitation
{
    /// <summary>Initializes a new instance of the <see cref="FakeCitation"/> class.</summary>
    /// <param name="url">The cited page (absolute).</param>
    /// <param name="title">The page title.</param>
    /// <param name="citedText">The quoted text (Anthropic only).</param>
    public FakeCitation(string url, string title, string? citedText = null)
    {
        Url = url;
        Title = title;
        CitedText = citedText;
    }

    /// <summary>Gets the cited page.</summary>
    public string Url { get; }

    /// <summary>Gets the page title.</summary>
    public string Title { get; }

    /// <summary>Gets the quoted text.</summary>
    public string? CitedText { get; }
}
