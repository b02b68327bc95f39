namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// An assistant message, or a chunk's delta of one. <c>content</c> is a string on OpenAI and most gateways and an
/// array of parts on some (Neon's Databricks backends for gpt-oss and reasoning Claude models).
/// </summary>
internal sealed class ChatCompletionMessage
{
    /// <summary>Gets or sets the role, when sent.</summary>
    public string? Role { get; set; }

    /// <summary>Gets or sets the content when it is a string.</summary>
    public string? Content { get; set; }

    /// <summary>Gets or sets the content when it is an array of parts.</summary>
    public List<ChatCompletionContentPart>? ContentParts { get; set; }

    /// <summary>Gets or sets the refusal text (or a fragment of it).</summary>
    public string? Refusal { get; set; }

    /// <summary>Gets or sets reasoning text from <c>reasoning_content</c> or <c>reasoning</c>.</summary>
    public string? Reasoning { get; set; }

    /// <summary>Gets or sets the <c>reasoning_details</c> items (Vercel, OpenRouter-style gateways).</summary>
    public List<ChatCompletionReasoningDetail>? ReasoningDetails { get; set; }

    /// <summary>Gets or sets the tool calls (whole, or fragments keyed by index in a stream).</summary>
    public List<ChatCompletionToolCall>? ToolCalls { get; set; }

    /// <summary>Gets or sets images the model produced (<c>images[].image_url.url</c>, data URIs; Vercel and OpenRouter).</summary>
    public List<string>? Images { get; set; }

    /// <summary>Gets or sets the cost the gateway reported in <c>provider_metadata.gateway.cost</c>, in USD.</summary>
    public decimal? GatewayCost { get; set; }
}
