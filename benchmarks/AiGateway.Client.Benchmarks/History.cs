using System.Text.Json;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// A long conversation for the request-size benchmark: alternating user and assistant text messages, ending with the
/// user's, the same on both sides. What it measures is writing the request: the answer is the short recorded one.
/// </summary>
internal static class History
{
    public static IEnumerable<Microsoft.Extensions.AI.ChatMessage> Ours(int count) =>
        Enumerable.Range(0, count).Select(i => new Microsoft.Extensions.AI.ChatMessage(IsUser(i, count) ? Microsoft.Extensions.AI.ChatRole.User : Microsoft.Extensions.AI.ChatRole.Assistant, Text(i)));

    public static IEnumerable<OpenAI.Chat.ChatMessage> Sdk(int count) =>
        Enumerable.Range(0, count).Select(i => IsUser(i, count) ? (OpenAI.Chat.ChatMessage)new OpenAI.Chat.UserChatMessage(Text(i)) : new OpenAI.Chat.AssistantChatMessage(Text(i)));

    /// <summary>Checks that both clients send every message of the history (so neither looks cheap by sending less).</summary>
    public static async Task CheckSameBodyAsync(
        Func<HttpMessageHandler, AiGatewayChatClient> createOurs,
        Func<HttpMessageHandler, OpenAI.Chat.ChatClient> createSdk,
        List<Microsoft.Extensions.AI.ChatMessage> ours,
        List<OpenAI.Chat.ChatMessage> sdk)
    {
        var ourHandler = new InMemoryHandler(Payloads.ChatCompletion(), "application/json") { CaptureRequests = true };
        using (var client = createOurs(ourHandler))
        {
            await client.GetResponseAsync(ours);
        }

        var sdkHandler = new InMemoryHandler(Payloads.ChatCompletion(), "application/json") { CaptureRequests = true };
        await createSdk(sdkHandler).CompleteChatAsync(sdk);

        SetupCheck.Equal(Messages(sdkHandler.LastRequestBody!), Messages(ourHandler.LastRequestBody!), "the messages AiGateway sent (as the OpenAI SDK sent them)");
        SetupCheck.Equal(ours.Count, JsonDocument.Parse(ourHandler.LastRequestBody!).RootElement.GetProperty("messages").GetArrayLength(), "the number of messages AiGateway sent");
    }

    private static string Messages(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        return string.Join('\n', doc.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString() + ": " + Content(m.GetProperty("content"))));
    }

    private static string? Content(JsonElement content) => content.ValueKind == JsonValueKind.Array
        ? string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString()))
        : content.GetString();

    private static bool IsUser(int index, int count) => (count - 1 - index) % 2 == 0;

    private static string Text(int index) => $"Message {index}: the quick brown fox jumps over the lazy dog, and then asks what comes next?";
}
