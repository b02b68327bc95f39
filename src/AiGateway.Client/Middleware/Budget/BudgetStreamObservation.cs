using System.Text;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>What a stream has shown so far: whether output began, the cost or usage it reported, the output's size.</summary>
internal sealed class BudgetStreamObservation
{
    private long _outputBytes;

    public bool AnyUpdate { get; private set; }

    /// <summary>Gets the facts the updates reported (a later update's value winning).</summary>
    public BudgetResponseFacts Facts { get; private set; }

    public UsageDetails? Usage { get; private set; }

    public long OutputTokens => (_outputBytes + 3) / 4;

    public void Observe(ChatResponseUpdate update)
    {
        AnyUpdate = true;
        if (update.AdditionalProperties is { Count: > 0 } properties)
        {
            Facts = Facts.With(properties);
        }

        // Indexed, and through List<T> when it is one (the leaf's updates): a foreach over the IList would box an
        // enumerator on every chunk, and each interface call costs more than the work done per content here.
        var contents = update.Contents;
        if (contents is List<AIContent> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                Observe(list[i]);
            }
        }
        else
        {
            for (var i = 0; i < contents.Count; i++)
            {
                Observe(contents[i]);
            }
        }
    }

    /// <summary>UTF-8 length of <paramref name="text"/>, counted inline for the short texts of stream chunks.</summary>
    /// <remarks>Encoding.UTF8.GetByteCount validates and vectorises, which costs more than counting a chunk's few characters.</remarks>
    internal static int Utf8Length(string text)
    {
        if (text.Length > 64)
        {
            return Encoding.UTF8.GetByteCount(text);
        }

        var bytes = 0;
        foreach (var c in text)
        {
            // A surrogate pair is one 4-byte character: 2 per half.
            bytes += c < 0x80 ? 1 : c < 0x800 || char.IsSurrogate(c) ? 2 : 3;
        }

        return bytes;
    }

    private void Observe(AIContent content)
    {
        if (content.GetType() == typeof(TextContent))
        {
            // Nearly every chunk is text: one exact type test instead of the switch's chain of casts.
            _outputBytes += Utf8Length(((TextContent)content).Text);
            return;
        }

        switch (content)
        {
            case UsageContent usage:
                Usage = usage.Details;
                break;
            case TextContent text:
                _outputBytes += Utf8Length(text.Text);
                break;
            case TextReasoningContent reasoning:
                _outputBytes += Utf8Length(reasoning.Text);
                break;
            case FunctionCallContent call:
                _outputBytes += Utf8Length(call.Name);
                if (call.Arguments is not null)
                {
                    foreach (var (name, value) in call.Arguments)
                    {
                        _outputBytes += Utf8Length(name) + Utf8Length(value?.ToString() ?? string.Empty);
                    }
                }

                break;
        }
    }
}
