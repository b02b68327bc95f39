namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// The stream events the reader acts on, from the JSON <c>type</c> field (or the SSE event name when a proxy dropped
/// it). See https://platform.openai.com/docs/api-reference/responses-streaming.
/// </summary>
internal enum ResponseStreamEventKind
{
    /// <summary>An event type this reader does not know: logged and ignored.</summary>
    Unknown,

    /// <summary>A known event that adds nothing the reader needs (part boundaries, <c>.done</c> echoes of deltas, hosted-tool progress).</summary>
    Ignored,

    /// <summary><c>response.created</c>, <c>response.in_progress</c> or <c>response.queued</c>: the response id, model and creation time.</summary>
    ResponseStarted,

    /// <summary><c>response.output_item.added</c>.</summary>
    OutputItemAdded,

    /// <summary><c>response.output_item.done</c>.</summary>
    OutputItemDone,

    /// <summary><c>response.output_text.delta</c>.</summary>
    OutputTextDelta,

    /// <summary><c>response.refusal.done</c>.</summary>
    RefusalDone,

    /// <summary><c>response.function_call_arguments.delta</c>.</summary>
    FunctionCallArgumentsDelta,

    /// <summary><c>response.function_call_arguments.done</c>.</summary>
    FunctionCallArgumentsDone,

    /// <summary><c>response.reasoning_summary_text.delta</c>.</summary>
    ReasoningSummaryTextDelta,

    /// <summary><c>response.reasoning_text.delta</c> (full reasoning text, from open-weight models).</summary>
    ReasoningTextDelta,

    /// <summary><c>response.completed</c>: terminal.</summary>
    Completed,

    /// <summary><c>response.incomplete</c>: terminal.</summary>
    Incomplete,

    /// <summary><c>response.failed</c>: terminal, an error.</summary>
    Failed,

    /// <summary><c>error</c>: an error.</summary>
    Error,
}
