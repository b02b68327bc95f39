using System.Text.Json;
using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// Where the Messages writer puts <c>cache_control</c> breakpoints. Per Anthropic's prompt-caching guide
/// (https://docs.claude.com/en/docs/build-with-claude/prompt-caching): a breakpoint caches the prefix up to and including
/// its block, in the order tools → system → messages; it may sit on tool definitions, system text blocks, and message
/// text, image, document, tool_use and tool_result blocks (not on thinking blocks); at most four per request (more is a
/// 400); <c>ttl</c> is <c>"5m"</c> (default, sent as no ttl) or <c>"1h"</c>, and longer-lived breakpoints must come
/// before shorter ones; prefixes below the model's minimum (1,024 tokens for most Claude models, 2,048 or 4,096 for
/// some Haiku/Opus models) are silently not cached, which shows as zero <c>cache_creation_input_tokens</c>.
/// Explicit breakpoints are placed first; the automatic ones (last tool, system, last turn) take what remains.
/// </summary>
internal sealed class MessagesCachePlan
{
    /// <summary>Anthropic's limit of breakpoints in one request.</summary>
    public const int MaxBreakpoints = 4;

    private readonly Dictionary<object, string?> _marks = new(ReferenceEqualityComparer.Instance);

    private MessagesCachePlan()
    {
    }

    /// <summary>Gets the breakpoint on the system prompt's last block, if any.</summary>
    public CacheMark System { get; private set; }

    /// <summary>Gets the breakpoint on the last turn's last block (automatic mode), if any.</summary>
    public CacheMark LastTurn { get; private set; }

    /// <summary>
    /// Builds the plan, or returns <see langword="null"/> (allocating nothing) when neither automatic caching nor any
    /// explicit breakpoint is asked for.
    /// </summary>
    public static MessagesCachePlan? Create(DialectRequest request, List<AIFunctionDeclaration> functions)
    {
        var auto = TryReadTtl(request.Options?.AdditionalProperties, AiGatewayCachingPropertyKeys.PromptCaching, out var autoTtl);
        if (!auto && !AnyExplicit(request, functions))
        {
            return null;
        }

        var plan = new MessagesCachePlan();
        var used = 0;
        var dropped = 0;

        // Explicit first, in prompt order (tools, then messages and their contents).
        foreach (var function in functions)
        {
            if (TryReadTtl(function.AdditionalProperties, AiGatewayCachingPropertyKeys.CacheControl, out var ttl))
            {
                plan.Add(function, ttl, ref used, ref dropped);
            }
        }

        foreach (var message in request.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (TryReadTtl(content.AdditionalProperties, AiGatewayCachingPropertyKeys.CacheControl, out var ttl) && IsCacheable(content))
                {
                    plan.Add(content, ttl, ref used, ref dropped);
                }
            }

            if (TryReadTtl(message.AdditionalProperties, AiGatewayCachingPropertyKeys.CacheControl, out var messageTtl) && LastCacheable(message.Contents) is { } last)
            {
                if (message.Role == ChatRole.System || message.Role.Value == "developer")
                {
                    if (!plan.System.IsSet)
                    {
                        plan.System = used < MaxBreakpoints ? Mark(messageTtl, ref used) : Drop(ref dropped);
                    }
                }
                else if (!plan._marks.ContainsKey(last))
                {
                    plan.Add(last, messageTtl, ref used, ref dropped);
                }
            }
        }

        if (auto)
        {
            if (functions.Count > 0 && !plan._marks.ContainsKey(functions[^1]) && used < MaxBreakpoints)
            {
                plan._marks[functions[^1]] = autoTtl;
                used++;
            }

            if (!plan.System.IsSet && HasSystem(request) && used < MaxBreakpoints)
            {
                plan.System = Mark(autoTtl, ref used);
            }

            if (used < MaxBreakpoints)
            {
                plan.LastTurn = Mark(autoTtl, ref used);
            }
        }

        if (dropped > 0)
        {
            AiGatewayLog.MessagesCacheBreakpointsDropped(request.Logger, dropped, MaxBreakpoints);
        }

        return plan;
    }

    /// <summary>Gets the breakpoint placed on <paramref name="item"/> (a tool or a content), if any.</summary>
    public CacheMark For(object item) => _marks.TryGetValue(item, out var ttl) ? new CacheMark(true, ttl) : default;

    /// <summary>Tells whether Anthropic accepts <c>cache_control</c> on the block <paramref name="content"/> becomes.</summary>
    public static bool IsCacheable(AIContent content) => content is not TextReasoningContent;

    /// <summary>Writes <c>"cache_control": {"type": "ephemeral"[, "ttl": …]}</c> when <paramref name="mark"/> is set.</summary>
    public static void Write(Utf8JsonWriter writer, CacheMark mark)
    {
        if (!mark.IsSet)
        {
            return;
        }

        writer.WriteStartObject("cache_control");
        writer.WriteString("type", "ephemeral");
        if (mark.Ttl is not null)
        {
            writer.WriteString("ttl", mark.Ttl);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads a breakpoint request: a <see cref="PromptCacheTtl"/>, <see langword="true"/>, or the strings <c>"5m"</c>/<c>"1h"</c>.
    /// <paramref name="ttl"/> is the wire ttl, <see langword="null"/> for the default 5 minutes.
    /// </summary>
    private static bool TryReadTtl(IReadOnlyDictionary<string, object?>? properties, string key, out string? ttl)
    {
        ttl = null;
        if (properties is null)
        {
            return false;
        }

        if (!properties.TryGetValue(key, out var value))
        {
            return false;
        }

        switch (value)
        {
            case PromptCacheTtl.OneHour:
            case "1h":
                ttl = "1h";
                return true;
            case PromptCacheTtl.FiveMinutes:
            case true:
            case "5m":
                return true;
            default:
                return false;
        }
    }

    private static bool AnyExplicit(DialectRequest request, List<AIFunctionDeclaration> functions)
    {
        foreach (var function in functions)
        {
            if (function.AdditionalProperties.ContainsKey(AiGatewayCachingPropertyKeys.CacheControl))
            {
                return true;
            }
        }

        // Indexed loops: this runs on every Messages request, and interface enumerators would allocate.
        var messages = request.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.AdditionalProperties?.ContainsKey(AiGatewayCachingPropertyKeys.CacheControl) == true)
            {
                return true;
            }

            var contents = message.Contents;
            for (var j = 0; j < contents.Count; j++)
            {
                if (contents[j].AdditionalProperties?.ContainsKey(AiGatewayCachingPropertyKeys.CacheControl) == true)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasSystem(DialectRequest request)
    {
        if (request.Options?.Instructions is { Length: > 0 })
        {
            return true;
        }

        foreach (var message in request.Messages)
        {
            if ((message.Role == ChatRole.System || message.Role.Value == "developer") && message.Contents.Any(c => c is TextContent { Text.Length: > 0 }))
            {
                return true;
            }
        }

        return false;
    }

    private static AIContent? LastCacheable(IList<AIContent> contents)
    {
        for (var i = contents.Count - 1; i >= 0; i--)
        {
            if (contents[i] is not TextContent { Text.Length: 0 } && IsCacheable(contents[i]))
            {
                return contents[i];
            }
        }

        return null;
    }

    private static CacheMark Mark(string? ttl, ref int used)
    {
        used++;
        return new CacheMark(true, ttl);
    }

    private static CacheMark Drop(ref int dropped)
    {
        dropped++;
        return default;
    }

    private void Add(object item, string? ttl, ref int used, ref int dropped)
    {
        if (used >= MaxBreakpoints)
        {
            dropped++;
            return;
        }

        _marks[item] = ttl;
        used++;
    }
}
