using System.Globalization;
using System.Text.Json;
using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// The values every chunk of a Gemini stream repeats (<c>responseId</c>, <c>modelVersion</c>, <c>createTime</c>, a
/// called function's name and argument names), read through <see cref="CachedJsonString"/> and
/// <see cref="JsonPropertyNameCache"/> so a stream transcodes them, and parses the time, once; and the prefix of the
/// call ids it makes up. One per stream.
/// </summary>
internal sealed class GenerateContentChunkStrings
{
    private readonly CachedJsonString _createTime = new();
    private string? _lastTimeText;
    private DateTimeOffset? _lastTime;
    private string? _callIdResponseId;
    private string? _callIdPrefix;

    /// <summary>Gets the cache of <c>responseId</c>.</summary>
    public CachedJsonString ResponseId { get; } = new();

    /// <summary>Gets the cache of <c>modelVersion</c>.</summary>
    public CachedJsonString ModelVersion { get; } = new();

    /// <summary>
    /// Gets or sets the pool the chunk objects are taken from (<see langword="null"/>: new objects, as when the caller
    /// keeps chunks as raw representations).
    /// </summary>
    public GenerateContentDtoPool? Pool { get; set; }

    /// <summary>Gets the cache of <c>functionCall.name</c>.</summary>
    public CachedJsonString FunctionName { get; } = new();

    /// <summary>Gets the cache of the names in <c>functionCall.args</c>.</summary>
    public JsonPropertyNameCache ArgumentNames { get; } = new();

    /// <summary>
    /// A call id as <see cref="GenerateContentResponseMapper.GenerateCallId"/> makes it, its prefix (which holds the
    /// response id) made once per response id instead of per call.
    /// </summary>
    public string GenerateCallId(string? responseId, int ordinal, string name)
    {
        if (string.IsNullOrEmpty(responseId))
        {
            return GenerateContentResponseMapper.GenerateCallId(responseId, ordinal, name);
        }

        if (!ReferenceEquals(responseId, _callIdResponseId))
        {
            _callIdPrefix = string.Concat(GenerateContentPropertyNames.GeneratedCallIdPrefix, responseId, "_");
            _callIdResponseId = responseId;
        }

        // A concatenation, not an interpolated string (which rents and returns a char buffer per call); the runtime
        // keeps the text of small numbers, so the usual call allocates the id alone.
        return string.Concat(_callIdPrefix, ordinal.ToString(CultureInfo.InvariantCulture));
    }

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
