namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// The chunk objects of a Gemini stream, handed back once a chunk is mapped and read into again by the next chunk:
/// every chunk repeats the same skeleton (response, candidate, content, part, function call), and none of it outlives
/// the mapping unless the caller asked for raw representations (then there is no pool). Usage objects are not pooled
/// (the stream keeps the last one). Not thread-safe: one per stream.
/// </summary>
internal sealed class GenerateContentDtoPool
{
    private readonly Stack<GenerateContentResponseDto> _responses = new();
    private readonly Stack<GenerateContentCandidateDto> _candidates = new();
    private readonly Stack<GenerateContentContentDto> _contents = new();
    private readonly Stack<GenerateContentPartDto> _parts = new();
    private readonly Stack<GenerateContentFunctionCallDto> _calls = new();

    public GenerateContentResponseDto Response() => _responses.TryPop(out var item) ? item : new();

    public GenerateContentCandidateDto Candidate() => _candidates.TryPop(out var item) ? item : new();

    public GenerateContentContentDto Content() => _contents.TryPop(out var item) ? item : new();

    public GenerateContentPartDto Part() => _parts.TryPop(out var item) ? item : new();

    public GenerateContentFunctionCallDto FunctionCall() => _calls.TryPop(out var item) ? item : new();

    /// <summary>Takes back <paramref name="response"/> and the pooled objects under it, each reset to its empty state.</summary>
    public void Return(GenerateContentResponseDto response)
    {
        foreach (var candidate in response.Candidates)
        {
            if (candidate.Content is { } content)
            {
                foreach (var part in content.Parts)
                {
                    if (part.FunctionCall is { } call)
                    {
                        call.Reset();
                        _calls.Push(call);
                    }

                    part.Reset();
                    _parts.Push(part);
                }

                content.Reset();
                _contents.Push(content);
            }

            candidate.Reset();
            _candidates.Push(candidate);
        }

        response.Reset();
        _responses.Push(response);
    }
}
