namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// The chunk objects of a Gemini stream, handed back once a chunk is mapped and read into again by the next chunk:
/// every chunk repeats the same skeleton (response, candidate, content, part, function call), and none of it outlives
/// the mapping unless the caller asked for raw representations (then there is no pool). Usage comes with every chunk
/// and the stream keeps the last: the one it lets go of is read into again (<see cref="ReturnUsage"/>). Not
/// thread-safe: one per stream.
/// </summary>
internal sealed class GenerateContentDtoPool
{
    private readonly Stack<GenerateContentResponseDto> _responses = new();
    private readonly Stack<GenerateContentCandidateDto> _candidates = new();
    private readonly Stack<GenerateContentContentDto> _contents = new();
    private readonly Stack<GenerateContentPartDto> _parts = new();
    private readonly Stack<GenerateContentFunctionCallDto> _calls = new();
    private GenerateContentUsageDto? _spareUsage;

    public GenerateContentResponseDto Response() => _responses.TryPop(out var item) ? item : new();

    public GenerateContentCandidateDto Candidate() => _candidates.TryPop(out var item) ? item : new();

    public GenerateContentContentDto Content() => _contents.TryPop(out var item) ? item : new();

    public GenerateContentPartDto Part() => _parts.TryPop(out var item) ? item : new();

    public GenerateContentFunctionCallDto FunctionCall() => _calls.TryPop(out var item) ? item : new();

    /// <summary>A usage object to read into: the one the stream let go of, emptied, or a new one.</summary>
    public GenerateContentUsageDto Usage()
    {
        if (_spareUsage is not { } usage)
        {
            return new();
        }

        _spareUsage = null;
        usage.Reset();
        return usage;
    }

    /// <summary>Takes back a usage object the stream no longer keeps.</summary>
    public void ReturnUsage(GenerateContentUsageDto usage) => _spareUsage = usage;

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
