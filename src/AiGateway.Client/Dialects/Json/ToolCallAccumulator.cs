using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// Assembles tool calls whose arguments arrive in fragments across stream events (Chat Completions
/// <c>tool_calls[i].function.arguments</c>, Responses <c>function_call_arguments.delta</c>, Messages
/// <c>input_json_delta</c>), keyed by the index the dialect uses, and completes them in index order.
/// Not thread-safe: one per stream.
/// </summary>
internal sealed class ToolCallAccumulator
{
    private readonly SortedDictionary<int, PendingCall> _pending = [];

    /// <summary>Gets a value indicating whether any call is still open.</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>Opens (or updates) the call at <paramref name="index"/>; id and name may arrive on any fragment.</summary>
    public void Start(int index, string? callId, string? name)
    {
        if (!_pending.TryGetValue(index, out var call))
        {
            call = new PendingCall();
            _pending[index] = call;
        }

        call.CallId ??= callId;
        call.Name ??= name;
    }

    /// <summary>Appends an arguments fragment to the call at <paramref name="index"/>, opening it when needed.</summary>
    public void Append(int index, string? fragment, string? callId = null, string? name = null)
    {
        Start(index, callId, name);
        if (!string.IsNullOrEmpty(fragment))
        {
            _pending[index].Arguments.Append(fragment);
        }
    }

    /// <summary>
    /// Appends the JSON string the reader is on (unescaped) to the call at <paramref name="index"/>, opening it when
    /// needed, without materialising the fragment as a string: the hot path of streamed arguments.
    /// </summary>
    public void AppendJsonString(int index, ref Utf8JsonReader reader)
    {
        Start(index, null, null);
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (length == 0)
        {
            return;
        }

        // A string's UTF-16 length never exceeds its UTF-8 (escaped) length.
        char[]? rented = null;
        var buffer = length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var written = reader.CopyString(buffer);
            _pending[index].Arguments.Append(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Attaches a value to the call at <paramref name="index"/>'s <see cref="AIContent.AdditionalProperties"/>, opening
    /// the call when needed; the first value for a key wins (Chat Completions <c>extra_content</c> on the opening fragment).
    /// </summary>
    public void SetPropertyIfAbsent(int index, string key, object value)
    {
        Start(index, null, null);
        (_pending[index].Properties ??= []).TryAdd(key, value);
    }

    /// <summary>Replaces the arguments of the call at <paramref name="index"/> with the final text (a <c>.done</c> event).</summary>
    public void SetArguments(int index, string arguments)
    {
        Start(index, null, null);
        _pending[index].Arguments.Clear().Append(arguments);
    }

    /// <summary>Completes the call at <paramref name="index"/>, or returns <see langword="null"/> when none is open.</summary>
    public FunctionCallContent? Complete(int index)
    {
        if (!_pending.Remove(index, out var call))
        {
            return null;
        }

        return call.ToContent(index);
    }

    /// <summary>Completes every open call, in index order.</summary>
    public List<FunctionCallContent> CompleteAll()
    {
        var result = new List<FunctionCallContent>(_pending.Count);
        foreach (var (index, call) in _pending)
        {
            result.Add(call.ToContent(index));
        }

        _pending.Clear();
        return result;
    }

    private sealed class PendingCall
    {
        public string? CallId { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();

        public AdditionalPropertiesDictionary? Properties { get; set; }

        public FunctionCallContent ToContent(int index)
        {
            var call = ToolArguments.CreateCall(CallId ?? $"call_{index}", Name ?? string.Empty, Arguments.ToString());
            call.AdditionalProperties = Properties;
            return call;
        }
    }
}
