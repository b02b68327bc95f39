using System.Text;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// The built-in estimate of a request's input tokens, for reserving its worst-case cost without a tokenizer.
/// It errs high, since a reservation that is too small is the one that could let a budget be overspent:
/// <list type="bullet">
/// <item>text (messages, reasoning, instructions, tool definitions, tool-call arguments and results, the response
/// schema): UTF-8 bytes ÷ 4, rounded up. Four bytes per token is the usual figure for English with GPT and Claude
/// tokenizers; counting bytes rather than characters keeps the estimate from collapsing for CJK scripts and emoji,
/// where a character is often a token or more;</item>
/// <item>4 tokens per message (role and delimiters) and 3 for the reply's priming, as OpenAI's token-counting guide
/// counts them (https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken);</item>
/// <item>1,600 tokens per image, about the most one image costs on Claude after resizing
/// (https://docs.anthropic.com/en/docs/build-with-claude/vision#calculate-image-costs); other binary data (PDF,
/// audio) one token per 3 bytes.</item>
/// </list>
/// </summary>
internal static class InputTokenEstimate
{
    public const int PerMessage = 4;
    public const int ReplyPriming = 3;
    public const int PerImage = 1600;
    public const int PerToolOverhead = 8;

    public static long Estimate(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        long tokens = ReplyPriming;
        if (messages is IList<ChatMessage> list)
        {
            // Indexed, as for the contents below: a foreach over an interface boxes an enumerator each call.
            for (var i = 0; i < list.Count; i++)
            {
                tokens += Estimate(list[i]);
            }
        }
        else
        {
            foreach (var message in messages)
            {
                tokens += Estimate(message);
            }
        }

        if (options is not null)
        {
            tokens += FromText(options.Instructions);
            if (options.Tools is { } tools)
            {
                foreach (var tool in tools)
                {
                    tokens += PerToolOverhead + FromText(tool.Name) + FromText(tool.Description);
                    if (tool is AIFunctionDeclaration function)
                    {
                        tokens += FromText(function.JsonSchema.GetRawText());
                    }
                }
            }

            if (options.ResponseFormat is ChatResponseFormatJson { Schema: { } schema })
            {
                tokens += FromText(schema.GetRawText());
            }
        }

        return tokens;
    }

    /// <summary>Estimates the tokens of text: UTF-8 bytes ÷ 4, rounded up.</summary>
    public static long FromText(string? text) =>
        string.IsNullOrEmpty(text) ? 0 : (Encoding.UTF8.GetByteCount(text) + 3) / 4;

    private static long Estimate(ChatMessage message)
    {
        long tokens = PerMessage;
        var contents = message.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            tokens += Estimate(contents[i]);
        }

        return tokens;
    }

    private static long Estimate(AIContent content) => content switch
    {
        TextContent text => FromText(text.Text),
        TextReasoningContent reasoning => FromText(reasoning.Text),
        FunctionCallContent call => PerToolOverhead + FromText(call.Name) + FromArguments(call.Arguments),
        FunctionResultContent result => PerToolOverhead + FromText(result.Result?.ToString()),
        DataContent data when data.HasTopLevelMediaType("image") => PerImage,
        DataContent data => (data.Data.Length + 2) / 3,
        UriContent uri when uri.HasTopLevelMediaType("image") => PerImage,
        UriContent uri => FromText(uri.Uri.OriginalString),
        _ => 0,
    };

    private static long FromArguments(IDictionary<string, object?>? arguments)
    {
        if (arguments is null)
        {
            return 0;
        }

        long tokens = 0;
        foreach (var (name, value) in arguments)
        {
            // A JsonElement's ToString is its JSON text; other values print their own form.
            tokens += FromText(name) + FromText(value?.ToString()) + 1;
        }

        return tokens;
    }
}
