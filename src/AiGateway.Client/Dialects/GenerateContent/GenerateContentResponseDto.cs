using System.Text.Json;

namespace AiGateway.Client.Dialects.GenerateContent;

// The wire shape of a GenerateContentResponse (one whole response, or one streamed chunk), as far as the client uses
// it. Field names follow googleapis google/ai/generativelanguage/v1beta/generative_service.proto and content.proto
// (https://github.com/googleapis/googleapis/tree/master/google/ai/generativelanguage/v1beta). Filled by
// GenerateContentJsonReader and kept as RawRepresentation.

/// <summary>A <c>GenerateContentResponse</c>: a whole answer or one streamed chunk.</summary>
internal sealed class GenerateContentResponseDto
{
    public List<GenerateContentCandidateDto> Candidates { get; } = [];

    public GenerateContentPromptFeedbackDto? PromptFeedback { get; set; }

    public GenerateContentUsageDto? UsageMetadata { get; set; }

    public string? ModelVersion { get; set; }

    public string? ResponseId { get; set; }

    /// <summary>Gets or sets <c>createTime</c> (Vertex AI sends it; the Gemini Developer API does not).</summary>
    public DateTimeOffset? CreateTime { get; set; }

    /// <summary>Gets or sets the error of a chunk that is an error envelope (<c>{"error":{code,message,status}}</c>).</summary>
    public GenerateContentErrorDto? Error { get; set; }

    /// <summary>Empties the object for reuse (<see cref="GenerateContentDtoPool"/>).</summary>
    public void Reset()
    {
        Candidates.Clear();
        PromptFeedback = null;
        UsageMetadata = null;
        ModelVersion = null;
        ResponseId = null;
        CreateTime = null;
        Error = null;
    }
}

/// <summary>A response <c>Candidate</c>.</summary>
internal sealed class GenerateContentCandidateDto
{
    public int? Index { get; set; }

    public GenerateContentContentDto? Content { get; set; }

    public string? FinishReason { get; set; }

    public string? FinishMessage { get; set; }

    /// <summary>Gets the safety ratings; Vertex sometimes sends empty <c>{}</c> entries, kept here with null fields.</summary>
    public List<GenerateContentSafetyRatingDto> SafetyRatings { get; } = [];

    /// <summary>Gets or sets the Google Search grounding of the answer (<c>webSearchQueries</c>, <c>groundingChunks</c>, <c>groundingSupports</c>).</summary>
    public JsonElement GroundingMetadata { get; set; }

    /// <summary>Empties the object for reuse (<see cref="GenerateContentDtoPool"/>).</summary>
    public void Reset()
    {
        Index = null;
        Content = null;
        FinishReason = null;
        FinishMessage = null;
        SafetyRatings.Clear();
        GroundingMetadata = default;
    }
}

/// <summary>A <c>Content</c>: a role and its parts.</summary>
internal sealed class GenerateContentContentDto
{
    public string? Role { get; set; }

    public List<GenerateContentPartDto> Parts { get; } = [];

    /// <summary>Empties the object for reuse (<see cref="GenerateContentDtoPool"/>).</summary>
    public void Reset()
    {
        Role = null;
        Parts.Clear();
    }
}

/// <summary>A <c>Part</c>: one of text, inline data, file data or a function call, plus the thought flags.</summary>
internal sealed class GenerateContentPartDto
{
    public string? Text { get; set; }

    public bool Thought { get; set; }

    public string? ThoughtSignature { get; set; }

    public GenerateContentFunctionCallDto? FunctionCall { get; set; }

    public GenerateContentBlobDto? InlineData { get; set; }

    public GenerateContentFileDataDto? FileData { get; set; }

    /// <summary>Gets or sets the name of a part kind the client does not map (<c>executableCode</c>, …), for logging.</summary>
    /// <summary>Gets or sets an <c>executableCode</c> part (<c>language</c>, <c>code</c>), code Gemini ran with the code execution tool.</summary>
    public JsonElement ExecutableCode { get; set; }

    /// <summary>Gets or sets a <c>codeExecutionResult</c> part (<c>outcome</c>, <c>output</c>).</summary>
    public JsonElement CodeExecutionResult { get; set; }

    public string? OtherKind { get; set; }

    /// <summary>Empties the object for reuse (<see cref="GenerateContentDtoPool"/>).</summary>
    public void Reset()
    {
        Text = null;
        Thought = false;
        ThoughtSignature = null;
        FunctionCall = null;
        InlineData = null;
        FileData = null;
        ExecutableCode = default;
        CodeExecutionResult = default;
        OtherKind = null;
    }
}

/// <summary>A <c>FunctionCall</c>.</summary>
internal sealed class GenerateContentFunctionCallDto
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>Gets or sets <c>args</c>, a JSON object (undefined when absent).</summary>
    public JsonElement Args { get; set; }

    /// <summary>Empties the object for reuse (<see cref="GenerateContentDtoPool"/>).</summary>
    public void Reset()
    {
        Id = null;
        Name = null;
        Args = default;
    }
}

/// <summary>A <c>Blob</c> (<c>inlineData</c>): base64 bytes and their media type.</summary>
internal sealed class GenerateContentBlobDto
{
    public string? MimeType { get; set; }

    public string? Data { get; set; }
}

/// <summary>A <c>FileData</c>: a URI and its media type.</summary>
internal sealed class GenerateContentFileDataDto
{
    public string? MimeType { get; set; }

    public string? FileUri { get; set; }
}

/// <summary>A <c>SafetyRating</c>.</summary>
internal sealed class GenerateContentSafetyRatingDto
{
    public string? Category { get; set; }

    public string? Probability { get; set; }

    public bool Blocked { get; set; }
}

/// <summary>A <c>PromptFeedback</c>.</summary>
internal sealed class GenerateContentPromptFeedbackDto
{
    public string? BlockReason { get; set; }

    public string? BlockReasonMessage { get; set; }

    public List<GenerateContentSafetyRatingDto> SafetyRatings { get; } = [];
}

/// <summary>A <c>UsageMetadata</c>; cumulative in every streamed chunk.</summary>
internal sealed class GenerateContentUsageDto
{
    public int? PromptTokenCount { get; set; }

    public int? CandidatesTokenCount { get; set; }

    public int? TotalTokenCount { get; set; }

    public int? CachedContentTokenCount { get; set; }

    public int? ThoughtsTokenCount { get; set; }

    public int? ToolUsePromptTokenCount { get; set; }

    /// <summary>Clears every count, for reading into again.</summary>
    public void Reset()
    {
        PromptTokenCount = CandidatesTokenCount = TotalTokenCount = null;
        CachedContentTokenCount = ThoughtsTokenCount = ToolUsePromptTokenCount = null;
    }
}

/// <summary>A Google error envelope's <c>error</c> object (<c>google.rpc.Status</c> as JSON).</summary>
internal sealed class GenerateContentErrorDto
{
    public int? Code { get; set; }

    public string? Message { get; set; }

    public string? Status { get; set; }
}
