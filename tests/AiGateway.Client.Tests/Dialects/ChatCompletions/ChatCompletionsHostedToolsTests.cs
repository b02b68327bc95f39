using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.ChatCompletions.ChatCompletionsTestSupport;

namespace AiGateway.Client.Tests.Dialects.ChatCompletions;

/// <summary>Chat Completions has no hosted tools: web search only as web_search_options on search models, anything else is refused with a way out.</summary>
public sealed class ChatCompletionsHostedToolsTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    [Fact]
    public async Task WebSearch_OnASearchModel_IsWebSearchOptions_WithTheNestedLocation()
    {
        var tool = new HostedWebSearchTool(new Dictionary<string, object?> { [HostedToolPropertyKeys.UserLocation] = new Dictionary<string, string?> { ["city"] = "Oslo" } });

        var body = await SentBodyAsync(Hello, new ChatOptions { Tools = [tool] }, "gpt-4o-search-preview");

        Assert.Equal("""{"user_location":{"type":"approximate","approximate":{"city":"Oslo"}}}""", body.GetProperty("web_search_options").GetRawText());
        Assert.False(body.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task WebSearch_OnAnotherModel_IsAnInvalidRequest_NamingTheToolAndTheWayOut()
    {
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => SentBodyAsync(Hello, new ChatOptions { Tools = [new HostedWebSearchTool()] }));

        Assert.Contains("HostedWebSearchTool", ex.Message, StringComparison.Ordinal);
        Assert.Contains("WithDialect(ChatDialect.Responses)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeInterpreter_IsAnInvalidRequest_NamingTheToolAndTheWayOut()
    {
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => SentBodyAsync(Hello, new ChatOptions { Tools = [new HostedCodeInterpreterTool()] }, "gpt-4o-search-preview"));

        Assert.Contains("HostedCodeInterpreterTool", ex.Message, StringComparison.Ordinal);
        Assert.Contains("WithDialect(ChatDialect.Responses)", ex.Message, StringComparison.Ordinal);
    }
}
