using System.Text.Json;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects;

/// <summary>OpenAI's <c>prompt_cache_key</c> and <c>prompt_cache_retention</c> on the dialects that have them.</summary>
public sealed class OpenAIPromptCacheTests
{
    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Responses)]
    public async Task PromptCacheKey_IsSent(ChatDialect dialect)
    {
        var body = await SendAsync(dialect, new ChatOptions().WithPromptCacheKey("tenant-7"));

        Assert.Equal("tenant-7", body.GetProperty("prompt_cache_key").GetString());
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, PromptCacheRetention.TwentyFourHours, "24h")]
    [InlineData(ChatDialect.Responses, PromptCacheRetention.InMemory, "in_memory")]
    public async Task PromptCacheRetention_IsSentAsTheWireValue(ChatDialect dialect, PromptCacheRetention retention, string expected)
    {
        var body = await SendAsync(dialect, new ChatOptions().WithPromptCacheRetention(retention));

        Assert.Equal(expected, body.GetProperty("prompt_cache_retention").GetString());
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Responses)]
    public async Task WithoutCacheOptions_NeitherFieldIsSent(ChatDialect dialect)
    {
        var body = await SendAsync(dialect, new ChatOptions());

        Assert.False(body.TryGetProperty("prompt_cache_key", out _));
        Assert.False(body.TryGetProperty("prompt_cache_retention", out _));
    }

    private static async Task<JsonElement> SendAsync(ChatDialect dialect, ChatOptions options)
    {
        var fake = new FakeGateway();
        using var client = new TestGateway().CreateClient(fake, "openai/gpt-5.4", dialect);
        await client.GetResponseAsync("Hi", options.WithDialect(dialect));
        return fake.Requests.Single().Json!.Value;
    }
}
