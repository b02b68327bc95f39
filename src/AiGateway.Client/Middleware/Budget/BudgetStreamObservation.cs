using System.Text;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>What a stream has shown so far: whether output began, the cost or usage it reported, the output's size.</summary>
internal sealed class BudgetStreamObservation
{
    private long _outputBytes;

    public bool AnyUpdate { get; private set; }

    public AdditionalPropertiesDictionary? Properties { get; private set; }

    public UsageDetails? Usage { get; private set; }

    public long OutputTokens => (_outputBytes + 3) / 4;

    public void Observe(ChatResponseUpdate update)
    {
        AnyUpdate = true;
        if (update.AdditionalProperties is { Count: > 0 } properties)
        {
            Properties ??= [];
            foreach (var (key, value) in properties)
            {
                Properties[key] = value;
            }
        }

        // Indexed: a foreach over the IList would box an enumerator on every chunk.
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            switch (contents[i])
            {
                case UsageContent usage:
                    Usage = usage.Details;
                    break;
                case TextContent text:
                    _outputBytes += Encoding.UTF8.GetByteCount(text.Text);
                    break;
                case TextReasoningContent reasoning:
                    _outputBytes += Encoding.UTF8.GetByteCount(reasoning.Text);
                    break;
                case FunctionCallContent call:
                    _outputBytes += Encoding.UTF8.GetByteCount(call.Name);
                    if (call.Arguments is not null)
                    {
                        foreach (var (name, value) in call.Arguments)
                        {
                            _outputBytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value?.ToString() ?? string.Empty);
                        }
                    }

                    break;
            }
        }
    }
}
