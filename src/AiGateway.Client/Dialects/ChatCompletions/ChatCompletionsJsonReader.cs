// Why this file is long: a hand-written, reflection-free Utf8JsonReader parser of the whole Chat Completions response (choices, content parts, reasoning, tool calls, images, usage, cost, errors); one method per JSON object.
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// Reads a Chat Completions body or stream chunk with <see cref="Utf8JsonReader"/> straight from the UTF-8 span: no
/// JsonDocument, unknown fields skipped without allocating, and the id and model strings that every chunk of a stream
/// repeats allocated once per stream (<see cref="JsonValueReader.ReadCachedStringOrSkip"/>). One instance per response or stream; not
/// thread-safe.
/// </summary>
internal sealed class ChatCompletionsJsonReader
{
    // The lengths of the property names each object's reader looks for (see IsNoneOf).
    private static readonly ulong TopLevelNames = LengthMask("choices", "created", "error", "id", "model", "usage");
    private static readonly ulong ChoiceNames = LengthMask("delta", "finish_reason", "index", "message");
    private static readonly ulong MessageNames = LengthMask(
        "content", "function_call", "images", "provider_metadata", "reasoning", "reasoning_content", "reasoning_details", "refusal", "role", "tool_calls");
    private static readonly ulong UsageNames = LengthMask(
        "cache_creation_input_tokens", "completion_tokens", "completion_tokens_details", "cost", "prompt_tokens", "prompt_tokens_details", "total_tokens");
    private static readonly ulong TokenDetailNames = LengthMask("cached_tokens", "reasoning_tokens");

    private string? _id;
    private string? _model;

    /// <summary>Creates a reader.</summary>
    /// <param name="model">A model name the body is likely to repeat (the last response's), returned instead of a new string when it does.</param>
    public ChatCompletionsJsonReader(string? model = null) => _model = model;

    /// <summary>Gets a value indicating whether a cost field was present but not a decimal number.</summary>
    public bool HadUnreadableCost { get; private set; }

    /// <summary>Parses one JSON object; throws <see cref="JsonException"/> when <paramref name="json"/> is not one.</summary>
    public ChatCompletion Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object but found {reader.TokenType}.");
        }

        var completion = new ChatCompletion();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (IsNoneOf(ref reader, TopLevelNames))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                completion.Choices = ReadChoices(ref reader, json);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                completion.Id = JsonValueReader.ReadCachedStringOrSkip(ref reader, ref _id);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                completion.Model = JsonValueReader.ReadCachedStringOrSkip(ref reader, ref _model);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                completion.Created = JsonValueReader.ReadInt64OrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                completion.Usage = ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                completion.Error = ReadError(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return completion;
    }

    /// <summary>Reads the <c>error</c> value of an SSE <c>event: error</c> payload, or of a body: an object or a bare string.</summary>
    public static ChatCompletionError ReadErrorEvent(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return new ChatCompletionError { Message = Encoding.UTF8.GetString(json) };
        }

        ChatCompletionError? nested = null;
        var flat = new ChatCompletionError();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                nested = ReadError(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                flat.Message = JsonValueReader.ReadStringOrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                flat.Code = JsonValueReader.ReadScalarAsStringOrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                flat.Type = JsonValueReader.ReadStringOrSkip(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return nested ?? flat;
    }

    private List<ChatCompletionChoice>? ReadChoices(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        List<ChatCompletionChoice>? choices = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            (choices ??= new List<ChatCompletionChoice>(1)).Add(ReadChoice(ref reader, json));
        }

        return choices;
    }

    private ChatCompletionChoice ReadChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var choice = new ChatCompletionChoice();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (IsNoneOf(ref reader, ChoiceNames))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                choice.Message = reader.TokenType == JsonTokenType.StartObject ? ReadMessage(ref reader, json) : SkipAndReturnNull<ChatCompletionMessage>(ref reader);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                choice.FinishReason = ChatCompletionsFinishReasons.Read(ref reader);
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                choice.Index = (int)(JsonValueReader.ReadInt64OrSkip(ref reader) ?? 0);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return choice;
    }

    /// <summary>Reads a <c>message</c> or <c>delta</c> object; <paramref name="json"/> is the span the reader reads.</summary>
    internal ChatCompletionMessage ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var message = new ChatCompletionMessage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (IsNoneOf(ref reader, MessageNames))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    message.ContentParts = ReadContentParts(ref reader, json);
                }
                else
                {
                    message.Content = JsonValueReader.ReadStringOrSkip(ref reader);
                }
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                message.Role = ReadRole(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                message.Refusal = JsonValueReader.ReadStringOrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                message.ToolCalls = ReadToolCalls(ref reader, json);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                // DeepSeek, vLLM and Databricks say reasoning_content; OpenRouter-style gateways (Vercel) say reasoning.
                reader.Read();
                var reasoning = JsonValueReader.ReadStringOrSkip(ref reader);
                if (string.IsNullOrEmpty(message.Reasoning))
                {
                    message.Reasoning = reasoning;
                }
            }
            else if (reader.ValueTextEquals("reasoning_details"u8))
            {
                reader.Read();
                message.ReasoningDetails = ReadReasoningDetails(ref reader, json);
            }
            else if (reader.ValueTextEquals("images"u8))
            {
                reader.Read();
                message.Images = ReadImages(ref reader);
            }
            else if (reader.ValueTextEquals("provider_metadata"u8))
            {
                reader.Read();
                message.GatewayCost = ReadProviderMetadataCost(ref reader);
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                // The deprecated single-function form; some OpenAI-compatible servers still send it.
                reader.Read();
                if (ReadToolCall(ref reader, json) is { } legacy)
                {
                    (message.ToolCalls ??= []).Add(legacy);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return message;
    }

    private static List<ChatCompletionContentPart>? ReadContentParts(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        List<ChatCompletionContentPart>? parts = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                // A bare string in the array is text.
                (parts ??= []).Add(new ChatCompletionContentPart { Type = "text", Text = reader.GetString() });
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            var part = new ChatCompletionContentPart();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    part.Type = JsonValueReader.ReadStringOrSkip(ref reader);
                }
                else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("refusal"u8))
                {
                    reader.Read();
                    part.Text = Concat(part.Text, JsonValueReader.ReadStringOrSkip(ref reader));
                }
                else if (reader.ValueTextEquals("summary"u8))
                {
                    // Databricks: {"type":"reasoning","summary":[{"type":"summary_text","text":"…","signature":"…"}]}
                    reader.Read();
                    ReadReasoningSummary(ref reader, part);
                }
                else if (reader.ValueTextEquals("signature"u8))
                {
                    reader.Read();
                    part.Signature = JsonValueReader.ReadStringOrSkip(ref reader) ?? part.Signature;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (part.Signature is { Length: > 0 })
            {
                part.RawJson = Encoding.UTF8.GetString(json.Slice(start, (int)reader.BytesConsumed - start));
            }

            (parts ??= []).Add(part);
        }

        return parts;
    }

    private static void ReadReasoningSummary(ref Utf8JsonReader reader, ChatCompletionContentPart part)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            part.Text = Concat(part.Text, reader.GetString());
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    part.Text = Concat(part.Text, JsonValueReader.ReadStringOrSkip(ref reader));
                }
                else if (reader.ValueTextEquals("signature"u8))
                {
                    reader.Read();
                    part.Signature = JsonValueReader.ReadStringOrSkip(ref reader) ?? part.Signature;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static List<ChatCompletionReasoningDetail>? ReadReasoningDetails(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        List<ChatCompletionReasoningDetail>? details = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            var detail = new ChatCompletionReasoningDetail();
            var opaque = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    detail.Type = JsonValueReader.ReadStringOrSkip(ref reader);
                }
                else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("summary"u8))
                {
                    reader.Read();
                    detail.Text = JsonValueReader.ReadStringOrSkip(ref reader);
                }
                else if (reader.ValueTextEquals("signature"u8) || reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    opaque |= reader.TokenType == JsonTokenType.String && !reader.ValueSpan.IsEmpty;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (opaque)
            {
                detail.RawJson = Encoding.UTF8.GetString(json.Slice(start, (int)reader.BytesConsumed - start));
            }

            (details ??= []).Add(detail);
        }

        return details;
    }

    private static List<ChatCompletionToolCall>? ReadToolCalls(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        List<ChatCompletionToolCall>? calls = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ReadToolCall(ref reader, json) is { } call)
            {
                (calls ??= new List<ChatCompletionToolCall>(1)).Add(call);
            }
        }

        return calls;
    }

    /// <summary>
    /// Reads <c>{"index","id","type","function":{"name","arguments"},"extra_content"}</c> or the legacy
    /// <c>{"name","arguments"}</c>.
    /// </summary>
    private static ChatCompletionToolCall? ReadToolCall(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var call = new ChatCompletionToolCall();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                call.Index = (int?)JsonValueReader.ReadInt64OrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                call.Id = JsonValueReader.ReadStringOrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("extra_content"u8))
            {
                // Kept as raw text, allocated only when present, to be sent back byte for byte.
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    call.ExtraContent = Encoding.UTF8.GetString(json.Slice(start, (int)reader.BytesConsumed - start));
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    ReadFunctionProperty(ref reader, json, call);
                }
            }
            else
            {
                ReadFunctionProperty(ref reader, json, call);
            }
        }

        return call;
    }

    private static void ReadFunctionProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ChatCompletionToolCall call)
    {
        if (reader.ValueTextEquals("name"u8))
        {
            reader.Read();
            call.Name = JsonValueReader.ReadStringOrSkip(ref reader);
        }
        else if (reader.ValueTextEquals("arguments"u8))
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                // Non-standard servers send the arguments as an object rather than JSON text: keep its text.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                call.Arguments = Encoding.UTF8.GetString(json.Slice(start, (int)reader.BytesConsumed - start));
            }
            else
            {
                call.Arguments = JsonValueReader.ReadStringOrSkip(ref reader);
            }
        }
        else
        {
            reader.Read();
            reader.Skip();
        }
    }

    private static List<string>? ReadImages(ref Utf8JsonReader reader)
    {
        // [{"type":"image_url","image_url":{"url":"data:image/png;base64,…"}}]
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        List<string>? images = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("image_url"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        AddImage(ref images, reader.GetString());
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isUrl = reader.ValueTextEquals("url"u8);
                        reader.Read();
                        if (isUrl)
                        {
                            AddImage(ref images, JsonValueReader.ReadStringOrSkip(ref reader));
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        return images;

        static void AddImage(ref List<string>? images, string? url)
        {
            if (!string.IsNullOrEmpty(url))
            {
                (images ??= []).Add(url);
            }
        }
    }

    /// <summary>
    /// Reads <c>provider_metadata.gateway.cost</c>, a decimal string. Vercel puts it on the message (and on the last
    /// chunk's delta); seen in recorded Vercel traffic, not in Vercel's docs
    /// (https://vercel.com/docs/ai-gateway/sdks-and-apis/openai-chat-completions), so it is read defensively.
    /// </summary>
    private decimal? ReadProviderMetadataCost(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        decimal? cost = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isGateway = reader.ValueTextEquals("gateway"u8);
            reader.Read();
            if (!isGateway || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCost = reader.ValueTextEquals("cost"u8);
                reader.Read();
                if (isCost)
                {
                    cost = ReadDecimal(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return cost;
    }

    /// <summary>Reads a <c>usage</c> value (an object, or anything else skipped as <see langword="null"/>).</summary>
    internal ChatCompletionUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var usage = new ChatCompletionUsage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (IsNoneOf(ref reader, UsageNames))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                usage.PromptTokens = JsonValueReader.ReadInt64OrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                usage.CompletionTokens = JsonValueReader.ReadInt64OrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                reader.Read();
                usage.TotalTokens = JsonValueReader.ReadInt64OrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                ReadTokenDetails(ref reader, usage, prompt: true);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reader.Read();
                ReadTokenDetails(ref reader, usage, prompt: false);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                reader.Read();
                usage.CacheCreationInputTokens = JsonValueReader.ReadInt64OrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("cost"u8))
            {
                reader.Read();
                usage.Cost = ReadDecimal(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return usage;
    }

    private static void ReadTokenDetails(ref Utf8JsonReader reader, ChatCompletionUsage usage, bool prompt)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (IsNoneOf(ref reader, TokenDetailNames))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (prompt && reader.ValueTextEquals("cached_tokens"u8))
            {
                reader.Read();
                usage.CachedTokens = JsonValueReader.ReadInt64OrSkip(ref reader);
            }
            else if (!prompt && reader.ValueTextEquals("reasoning_tokens"u8))
            {
                reader.Read();
                usage.ReasoningTokens = JsonValueReader.ReadInt64OrSkip(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Reads an <c>error</c> value: an object, a bare string, or <see langword="null"/>.</summary>
    internal static ChatCompletionError? ReadError(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new ChatCompletionError { Message = reader.GetString() };
            case JsonTokenType.StartObject:
                break;
            default:
                reader.Skip();
                return null;
        }

        var error = new ChatCompletionError();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                error.Message = JsonValueReader.ReadScalarAsStringOrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                error.Type = JsonValueReader.ReadStringOrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    error.Status = (int?)JsonValueReader.ReadInt64OrSkip(ref reader);
                }
                else
                {
                    error.Code = JsonValueReader.ReadStringOrSkip(ref reader);
                }
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                error.Status = (int?)JsonValueReader.ReadInt64OrSkip(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return error;
    }

    private static string? ReadRole(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("assistant"u8) ? "assistant" : JsonValueReader.ReadStringOrSkip(ref reader);

    private decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDecimal(out var number):
                return number;
            case JsonTokenType.String when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out decimal parsed, out var consumed) && consumed == reader.ValueSpan.Length:
                return parsed;
            case JsonTokenType.Null:
                return null;
            default:
                HadUnreadableCost = true;
                reader.Skip();
                return null;
        }
    }

    /// <summary>
    /// Tells, from its length alone, that the (unescaped) property name the reader is on is none of the names whose
    /// lengths are in <paramref name="lengths"/>, so the reader skips it without comparing it with each name in turn:
    /// bodies carry several fields nobody reads (<c>object</c>, <c>system_fingerprint</c>, <c>logprobs</c>,
    /// <c>annotations</c>, <c>audio_tokens</c>). An escaped name is never ruled out here.
    /// </summary>
    private static bool IsNoneOf(ref Utf8JsonReader reader, ulong lengths)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return false;
        }

        var length = reader.ValueSpan.Length;
        return length >= 64 || (lengths & (1UL << length)) == 0;
    }

    private static ulong LengthMask(params string[] names)
    {
        ulong mask = 0;
        foreach (var name in names)
        {
            mask |= 1UL << name.Length;
        }

        return mask;
    }

    private static T? SkipAndReturnNull<T>(ref Utf8JsonReader reader)
        where T : class
    {
        reader.Skip();
        return null;
    }

    private static string? Concat(string? first, string? second) =>
        string.IsNullOrEmpty(first) ? second : string.IsNullOrEmpty(second) ? first : first + second;
}
