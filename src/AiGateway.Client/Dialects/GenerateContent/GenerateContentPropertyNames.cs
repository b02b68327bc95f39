namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// The keys the generateContent dialect reads and writes in <c>AdditionalProperties</c>, and its other fixed strings.
/// </summary>
internal static class GenerateContentPropertyNames
{
    /// <summary>
    /// On <c>FunctionCallContent.AdditionalProperties</c>: the <c>thoughtSignature</c> (base64 text, as received) that
    /// came with the <c>functionCall</c> part. The writer sends it back on the same part, which Gemini 3 requires in a
    /// tool loop (https://ai.google.dev/gemini-api/docs/thought-signatures). Signatures on text parts travel as
    /// <c>TextReasoningContent.ProtectedData</c> instead.
    /// </summary>
    public const string ThoughtSignature = "thoughtSignature";

    /// <summary>On a response or update: Gemini's own <c>finishReason</c> (for example <c>SAFETY</c>), always kept.</summary>
    public const string FinishReason = "finishReason";

    /// <summary>On a response or update: the candidate's <c>finishMessage</c>, when present.</summary>
    public const string FinishMessage = "finishMessage";

    /// <summary>On a response or update: <c>promptFeedback.blockReason</c> of a blocked prompt.</summary>
    public const string BlockReason = "blockReason";

    /// <summary>On a response or update: <c>promptFeedback.blockReasonMessage</c>, when present.</summary>
    public const string BlockReasonMessage = "blockReasonMessage";

    /// <summary>In <c>UsageDetails.AdditionalCounts</c>: <c>usageMetadata.toolUsePromptTokenCount</c>.</summary>
    public const string ToolUsePromptTokenCount = "toolUsePromptTokenCount";

    /// <summary>
    /// The prefix of call ids this client makes up for <c>functionCall</c> parts that have no <c>id</c> (most
    /// Gemini answers). Ids with this prefix are never sent back as <c>functionCall.id</c>/<c>functionResponse.id</c>,
    /// since Gemini did not issue them.
    /// </summary>
    public const string GeneratedCallIdPrefix = "gemini_call_";

    /// <summary>
    /// The placeholder signature Gemini documents for function calls it did not produce (history from another model or
    /// built by hand): https://ai.google.dev/gemini-api/docs/thought-signatures (FAQ).
    /// </summary>
    public const string SkipThoughtSignatureValidator = "skip_thought_signature_validator";
}
