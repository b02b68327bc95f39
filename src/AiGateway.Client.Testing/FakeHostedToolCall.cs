namespace AiGateway.Client.Testing;

/// <summary>
/// A hosted tool call <see cref="FakeGateway"/> reports as made on the provider's side, with its result: a web search
/// (Anthropic <c>web_search</c>, Responses <c>web_search_call</c>, Gemini grounding) or code execution (Anthropic
/// <c>code_execution</c>, Responses <c>code_interpreter_call</c>, Gemini <c>executableCode</c>). Chat Completions has
/// no hosted tools and ignores it.
/// </summary>
public sealed class FakeHostedToolCall
{
    private FakeHostedToolCall(string id, string? query, IReadOnlyList<string> resultUrls, string? code, string? output)
    {
        Id = id;
        Query = query;
        ResultUrls = resultUrls;
        Code = code;
        Output = output;
    }

    /// <summary>Gets the call id (Gemini has none on the wire and ignores it).</summary>
    public string Id { get; }

    /// <summary>Gets the search query of a web search, or <see langword="null"/> for code execution.</summary>
    public string? Query { get; }

    /// <summary>Gets the pages a web search found.</summary>
    public IReadOnlyList<string> ResultUrls { get; }

    /// <summary>Gets the code that ran, or <see langword="null"/> for a web search.</summary>
    public string? Code { get; }

    /// <summary>Gets what the code printed.</summary>
    public string? Output { get; }

    /// <summary>Gets a value indicating whether this is a web search (else code execution).</summary>
    public bool IsWebSearch => Query is not null;

    /// <summary>A web search for <paramref name="query"/> that found <paramref name="resultUrls"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="resultUrls">The absolute URLs of the pages found.</param>
    /// <returns>The call.</returns>
    public static FakeHostedToolCall WebSearch(string query, params string[] resultUrls) =>
        new($"srvtoolu_search_{Hash(query)}", query, resultUrls, null, null);

    /// <summary>Code execution of <paramref name="code"/> that printed <paramref name="output"/>.</summary>
    /// <param name="code">The code (Python).</param>
    /// <param name="output">What it printed.</param>
    /// <returns>The call.</returns>
    public static FakeHostedToolCall CodeExecution(string code, string output) =>
        new($"srvtoolu_code_{Hash(code)}", null, [], code, output);

    /// <summary>A stable id part (FNV-1a of the text), the same in every process.</summary>
    private static string Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
