using System.Text;
using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// Maps Responses output items, usage and status to Microsoft.Extensions.AI types; shared by the whole-body reader
/// and the stream reader so both produce the same contents.
/// </summary>
internal static class ResponsesResponseMapper
{
    /// <summary>The separator between reasoning summary parts, the same whole or streamed.</summary>
    public const string SummarySeparator = "\n\n";

    /// <summary>The <see cref="ErrorContent.ErrorCode"/> of a refusal, as Microsoft.Extensions.AI's own OpenAI adapter writes it.</summary>
    public const string RefusalErrorCode = "Refusal";

    /// <summary>Appends the contents of one output item; returns whether it was a function call.</summary>
    public static bool AddContents(ResponseOutputItem item, IList<AIContent> contents)
    {
        switch (item.Type)
        {
            case "message":
                AddMessageParts(item, contents);
                return false;
            case "reasoning":
                if (CreateReasoning(item) is { } reasoning)
                {
                    contents.Add(reasoning);
                }

                return false;
            case "function_call":
                contents.Add(CreateFunctionCall(item));
                return true;
            case "image_generation_call":
                if (CreateImage(item) is { } image)
                {
                    contents.Add(image);
                }

                return false;
            default:
                // web_search_call and code_interpreter_call become hosted-tool contents; other hosted tool items
                // (file_search_call, mcp_*) stay in RawRepresentation.
                ResponsesHostedTools.TryAddContents(item, contents);
                return false;
        }
    }

    public static void AddMessageParts(ResponseOutputItem item, IList<AIContent> contents)
    {
        if (item.Content is null)
        {
            return;
        }

        foreach (var part in item.Content)
        {
            switch (part.Type)
            {
                case "output_text" when !string.IsNullOrEmpty(part.Text):
                    contents.Add(new TextContent(part.Text) { Annotations = ResponsesHostedTools.Citations(part), RawRepresentation = part });
                    break;
                case "refusal" when !string.IsNullOrEmpty(part.Refusal):
                    contents.Add(CreateRefusal(part.Refusal));
                    break;
            }
        }
    }

    public static ErrorContent CreateRefusal(string refusal) => new(refusal) { ErrorCode = RefusalErrorCode };

    /// <summary>
    /// A reasoning item becomes one <see cref="TextReasoningContent"/>: the summary parts (else the full reasoning
    /// text) joined, the encrypted content as <see cref="TextReasoningContent.ProtectedData"/>, and the item id so the
    /// writer can send it back. An item with neither text nor encrypted content carries nothing and is left out.
    /// </summary>
    public static TextReasoningContent? CreateReasoning(ResponseOutputItem item)
    {
        var text = JoinText(item.Summary, "summary_text") ?? JoinText(item.Content, "reasoning_text") ?? string.Empty;
        if (text.Length == 0 && string.IsNullOrEmpty(item.EncryptedContent))
        {
            return null;
        }

        return new TextReasoningContent(text)
        {
            ProtectedData = string.IsNullOrEmpty(item.EncryptedContent) ? null : item.EncryptedContent,
            AdditionalProperties = ItemIdProperties(item.Id),
            RawRepresentation = item,
        };
    }

    public static AdditionalPropertiesDictionary? ItemIdProperties(string? itemId) =>
        string.IsNullOrEmpty(itemId) ? null : new() { [ResponsesPropertyKeys.ItemId] = itemId };

    public static FunctionCallContent CreateFunctionCall(ResponseOutputItem item)
    {
        var call = ToolArguments.CreateCall(item.CallId ?? item.Id ?? string.Empty, item.Name ?? string.Empty, item.Arguments);
        call.RawRepresentation = item;
        return call;
    }

    /// <summary>An <c>image_generation_call</c>'s base64 <c>result</c> (PNG unless <c>output_format</c> says otherwise).</summary>
    public static DataContent? CreateImage(ResponseOutputItem item)
    {
        if (string.IsNullOrEmpty(item.Result))
        {
            return null;
        }

        var mediaType = item.OutputFormat switch
        {
            "jpeg" or "jpg" => "image/jpeg",
            "webp" => "image/webp",
            _ => "image/png",
        };
        return new DataContent(Convert.FromBase64String(item.Result), mediaType) { RawRepresentation = item };
    }

    /// <summary>
    /// The cost the gateway reported: <c>provider_metadata.gateway.cost</c> (Vercel, a decimal string) on the response
    /// or on the event that carries it, else <c>usage.cost</c>; <see langword="null"/> leaves the catalog prices to apply.
    /// </summary>
    public static decimal? ToReportedCost(ResponseObject response, GatewayProviderMetadata? eventMetadata = null) =>
        eventMetadata?.Cost ?? response.ProviderMetadata?.Cost ?? GatewayProviderMetadata.ReadDecimal(response.Usage?.Cost);

    public static UsageDetails? ToUsage(ResponseUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.InputTokens,
            OutputTokenCount = usage.OutputTokens,
            TotalTokenCount = usage.TotalTokens ?? (usage.InputTokens + usage.OutputTokens),
            CachedInputTokenCount = usage.InputTokensDetails?.CachedTokens,
            ReasoningTokenCount = usage.OutputTokensDetails?.ReasoningTokens,
        };

        // Cache writes are part of input_tokens at OpenAI; CostCalculator prices them at the write rate.
        if (usage.InputTokensDetails?.CacheWriteTokens is > 0 and var written)
        {
            details.AdditionalCounts = new() { [CostCalculator.CacheCreationInputTokensKey] = written };
        }

        return details;
    }

    /// <summary>
    /// Maps <c>status</c> and <c>incomplete_details.reason</c>: completed → Stop (ToolCalls when the output has a function
    /// call), <c>max_output_tokens</c> → Length, <c>content_filter</c> → ContentFilter. Anything else also returns the
    /// raw reason for <see cref="DialectPropertyKeys.RawFinishReason"/>.
    /// See https://platform.openai.com/docs/api-reference/responses/object#responses/object-incomplete_details.
    /// </summary>
    public static (ChatFinishReason? Reason, string? Raw) ToFinishReason(ResponseObject response, bool hasFunctionCall) =>
        response.Status switch
        {
            // Some compatible servers leave status out of a finished response.
            "completed" or null => (hasFunctionCall ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop, null),
            "incomplete" => response.IncompleteDetails?.Reason switch
            {
                "max_output_tokens" => (ChatFinishReason.Length, null),
                "content_filter" => (ChatFinishReason.ContentFilter, null),

                // An unknown reason still means the answer was cut short.
                var other => (ChatFinishReason.Length, other ?? "incomplete"),
            },
            var other => (null, other),
        };

    /// <summary>
    /// Reads <c>created_at</c> (Unix seconds, possibly fractional). A value no <see cref="DateTimeOffset"/> can hold
    /// (not after 1970, or past the year 9999) says nothing true about the answer, so it reads as absent, as Chat
    /// Completions treats its <c>created</c>.
    /// </summary>
    public static DateTimeOffset? ToCreatedAt(double? unixSeconds) =>
        unixSeconds is { } seconds and > 0 and < MaxUnixSeconds ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null;

    /// <summary>The first Unix second past <see cref="DateTimeOffset.MaxValue"/> (year 10000).</summary>
    private const double MaxUnixSeconds = 253402300800;

    private static string? JoinText(List<ResponseContentPart>? parts, string type)
    {
        if (parts is null || parts.Count == 0)
        {
            return null;
        }

        StringBuilder? builder = null;
        string? single = null;
        foreach (var part in parts)
        {
            if (part.Type != type || string.IsNullOrEmpty(part.Text))
            {
                continue;
            }

            if (single is null && builder is null)
            {
                single = part.Text;
                continue;
            }

            builder ??= new StringBuilder(single);
            builder.Append(SummarySeparator).Append(part.Text);
        }

        return builder?.ToString() ?? single;
    }
}
