using AiGateway.Client.Dialects.ChatCompletions;
using AiGateway.Client.Dialects.GenerateContent;
using AiGateway.Client.Dialects.Messages;
using AiGateway.Client.Dialects.Responses;

namespace AiGateway.Client.Dialects;

/// <summary>The one instance of each dialect.</summary>
internal static class ChatDialects
{
    public static IChatDialect Get(ChatDialect dialect) => dialect switch
    {
        ChatDialect.ChatCompletions => ChatCompletionsDialect.Instance,
        ChatDialect.Responses => ResponsesDialect.Instance,
        ChatDialect.Messages => MessagesDialect.Instance,
        ChatDialect.GenerateContent => GenerateContentDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Unknown dialect."),
    };
}
