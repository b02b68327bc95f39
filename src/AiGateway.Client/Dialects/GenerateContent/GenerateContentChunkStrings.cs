using System.Text.Json;
using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// The values every chunk of a Gemini stream repeats (<c>responseId</c>, <c>modelVersion</c>, <c>createTime</c>), read
/// through <see cref="CachedJsonString"/> so a stream transcodes them, and parses the time, once. One per stream.
/// </summary>
internal sealed class GenerateContentChunkStrings
{
    private readonly CachedJsonString _createTime = new();
    private string? _lastTimeText;
    private DateTimeOffset? _lastTime;

    /// <summary>Gets the cache of <c>responseId</c>.</summary>
    public CachedJsonString ResponseId { get; } = new();

    /// <summary>Gets the cache of <c>modelVersion</c>.</summary>
    public CachedJsonString ModelVersion { get; } = new();

    /// <summary>Reads <c>createTime</c>, parsing it only when its text changed.</summary>
    public DateTimeOffset? ReadCreateTime(ref Utf8JsonReader reader)
    {
        if (_createTime.Read(ref reader) is not { } text)
        {
            return null;
        }

        if (!ReferenceEquals(text, _lastTimeText))
        {
            _lastTime = GenerateContentJsonReader.ParseTime(text);
            _lastTimeText = text;
        }

        return _lastTime;
    }
}
