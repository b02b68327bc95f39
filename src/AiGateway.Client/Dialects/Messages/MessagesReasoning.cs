using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// How Claude's thinking travels in <see cref="TextReasoningContent"/>: a <c>thinking</c> block is its text with the
/// <c>signature</c> in <see cref="TextReasoningContent.ProtectedData"/>; a <c>redacted_thinking</c> block has no text
/// and its encrypted <c>data</c> in <see cref="TextReasoningContent.ProtectedData"/>. Because a <c>thinking</c> block can
/// also come back with empty text (<c>display: "omitted"</c>, the default from Opus 4.7 on), the reader records the block
/// type under <see cref="BlockTypeKey"/> whenever the text is empty, so the writer sends the right block back.
/// </summary>
internal static class MessagesReasoning
{
    /// <summary>The <see cref="AIContent.AdditionalProperties"/> key holding the Messages block type of a reasoning content.</summary>
    public const string BlockTypeKey = "anthropic.block_type";

    public const string ThinkingBlock = "thinking";

    public const string RedactedThinkingBlock = "redacted_thinking";

    /// <summary>A <c>thinking</c> block as content.</summary>
    public static TextReasoningContent FromThinking(string? text, string? signature)
    {
        var content = new TextReasoningContent(text) { ProtectedData = string.IsNullOrEmpty(signature) ? null : signature };
        if (string.IsNullOrEmpty(text) && content.ProtectedData is not null)
        {
            content.AdditionalProperties = new() { [BlockTypeKey] = ThinkingBlock };
        }

        return content;
    }

    /// <summary>A <c>redacted_thinking</c> block as content.</summary>
    public static TextReasoningContent FromRedacted(string? data) => new(null)
    {
        ProtectedData = data,
        AdditionalProperties = new() { [BlockTypeKey] = RedactedThinkingBlock },
    };

    /// <summary>
    /// Tells whether <paramref name="reasoning"/> goes back as <c>redacted_thinking</c>: when the reader marked it so,
    /// or, unmarked, when it has only protected data and no text.
    /// </summary>
    public static bool IsRedacted(TextReasoningContent reasoning)
    {
        if (reasoning.AdditionalProperties?.TryGetValue(BlockTypeKey, out var type) == true)
        {
            // A history that went through JSON (a chat store) holds the value as a JsonElement.
            var blockType = type switch
            {
                string s => s,
                JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                _ => null,
            };
            if (blockType is not null)
            {
                return blockType == RedactedThinkingBlock;
            }
        }

        return string.IsNullOrEmpty(reasoning.Text);
    }
}
