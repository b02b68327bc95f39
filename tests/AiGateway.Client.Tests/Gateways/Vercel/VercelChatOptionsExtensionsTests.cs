using System.Text.Json;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.EndToEnd;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Gateways;

/// <summary>Vercel's per-request options: copies, validation, providerOptions.gateway, other gateways.</summary>
public sealed class VercelChatOptionsExtensionsTests
{
    private static Task<FakeRequest> Send(GatewaySetup setup, ChatDialect dialect, Func<ChatOptions, ChatOptions> configure) =>
        LeafRequests.CaptureAsync(setup.Environment, "claude-sonnet-4-5", dialect, configure: configure);

    [Fact]
    public void Each_helper_returns_a_copy_and_leaves_the_callers_options_alone()
    {
        var original = new ChatOptions();

        var copy = original.WithVercelProviderOrder("bedrock", "anthropic").WithVercelOnlyProviders("anthropic").WithVercelResponseCache("max-age=60").WithVercelAutomaticCaching();

        Assert.Null(original.AdditionalProperties);
        Assert.Equal(4, copy.AdditionalProperties!.Count);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Messages)]
    [InlineData(ChatDialect.Responses)]
    public async Task The_options_go_in_providerOptions_gateway_in_every_dialect(ChatDialect dialect)
    {
        var sent = await Send(GatewaySetups.VercelKeyed, dialect, o => o
            .WithVercelProviderOrder("bedrock", "anthropic")
            .WithVercelOnlyProviders("anthropic", "vertex")
            .WithVercelResponseCache(TimeSpan.FromHours(1))
            .WithVercelAutomaticCaching());

        var gateway = sent.Json!.Value.GetProperty("providerOptions").GetProperty("gateway");
        Assert.Equal(["bedrock", "anthropic"], gateway.GetProperty("order").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["anthropic", "vertex"], gateway.GetProperty("only").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("max-age=3600", gateway.GetProperty("cacheControl").GetString());
        Assert.Equal("auto", gateway.GetProperty("caching").GetString());
    }

    [Fact]
    public async Task Options_that_came_back_through_json_are_still_sent()
    {
        var json = JsonSerializer.SerializeToElement(new[] { "anthropic" });

        var sent = await Send(GatewaySetups.VercelKeyed, ChatDialect.ChatCompletions, o =>
        {
            var copy = o.WithVercelAutomaticCaching();
            copy.AdditionalProperties!["aigateway.vercel.only"] = json;
            return copy;
        });

        Assert.Equal("anthropic", sent.Json!.Value.GetProperty("providerOptions").GetProperty("gateway").GetProperty("only")[0].GetString());
    }

    [Fact]
    public async Task Vercel_options_are_not_sent_to_another_gateway()
    {
        var sent = await Send(GatewaySetups.CloudflareAuthenticated, ChatDialect.Messages, o => o.WithVercelOnlyProviders("anthropic"));

        Assert.False(sent.Json!.Value.TryGetProperty("providerOptions", out _));
    }

    [Theory]
    [InlineData]
    [InlineData("")]
    [InlineData("two words")]
    public void Provider_lists_that_are_empty_or_have_blank_slugs_are_refused(params string[] providers)
    {
        Assert.Throws<ArgumentException>(() => new ChatOptions().WithVercelOnlyProviders(providers));
        Assert.Throws<ArgumentException>(() => new ChatOptions().WithVercelProviderOrder(providers));
    }

    [Fact]
    public void A_cache_age_below_one_second_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatOptions().WithVercelResponseCache(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void A_cache_directive_with_a_line_break_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ChatOptions().WithVercelResponseCache("max-age=1\r\nX: y"));
    }
}
