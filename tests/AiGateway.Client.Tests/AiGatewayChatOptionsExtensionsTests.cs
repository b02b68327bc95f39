using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests;

public sealed class AiGatewayChatOptionsExtensionsTests
{
    [Fact]
    public void WithTags_on_a_reused_options_object_does_not_accumulate_tags()
    {
        var shared = new ChatOptions { ModelId = "gpt-5.4" };

        var first = shared.WithTags("request:1");
        var second = shared.WithTags("request:2");

        Assert.Empty(shared.GetTags());
        Assert.Equal(["request:1"], first.GetTags());
        Assert.Equal(["request:2"], second.GetTags());
    }

    [Fact]
    public void WithTags_adds_to_the_tags_the_options_already_carry()
    {
        var tagged = new ChatOptions().WithTags("a").WithTags("b", "a");

        Assert.Equal(["a", "b"], tagged.GetTags());
    }

    [Fact]
    public void WithUser_leaves_the_callers_options_unchanged()
    {
        var shared = new ChatOptions().WithUser("alice");

        var bob = shared.WithUser("bob");

        Assert.Equal("alice", shared.GetUser());
        Assert.Equal("bob", bob.GetUser());
    }

    [Fact]
    public void WithFallbackModels_leaves_the_callers_options_unchanged()
    {
        var shared = new ChatOptions();

        var withFallbacks = shared.WithFallbackModels("claude-sonnet-4-5");

        Assert.Empty(shared.GetFallbackModels());
        Assert.Equal(["claude-sonnet-4-5"], withFallbacks.GetFallbackModels());
    }

    [Fact]
    public void WithDialect_leaves_the_callers_options_unchanged()
    {
        var shared = new ChatOptions();

        var messages = shared.WithDialect(ChatDialect.Messages);

        Assert.Null(shared.GetDialect());
        Assert.Equal(ChatDialect.Messages, messages.GetDialect());
    }

    [Fact]
    public void The_clone_has_its_own_property_bag()
    {
        var shared = new ChatOptions { AdditionalProperties = new() { ["app.key"] = "v" } };

        var clone = shared.WithUser("alice");
        clone.AdditionalProperties!["app.other"] = 1;

        Assert.NotSame(shared.AdditionalProperties, clone.AdditionalProperties);
        Assert.Equal("v", clone.AdditionalProperties["app.key"]);
        Assert.Equal(["app.key"], shared.AdditionalProperties.Keys);
    }

    [Fact]
    public void A_chain_keeps_the_other_settings()
    {
        var options = new ChatOptions { ModelId = "gpt-5.4", Temperature = 0.2f, MaxOutputTokens = 50 }
            .WithTags("feature:chat").WithUser("u-1").WithFallbackModels("claude-sonnet-4-5").WithDialect(ChatDialect.Responses);

        Assert.Equal("gpt-5.4", options.ModelId);
        Assert.Equal(0.2f, options.Temperature);
        Assert.Equal(50, options.MaxOutputTokens);
        Assert.Equal(["feature:chat"], options.GetTags());
        Assert.Equal("u-1", options.GetUser());
        Assert.Equal(["claude-sonnet-4-5"], options.GetFallbackModels());
        Assert.Equal(ChatDialect.Responses, options.GetDialect());
    }

    [Fact]
    public async Task Concurrent_WithUser_calls_on_one_options_object_do_not_interfere()
    {
        var shared = new ChatOptions { ModelId = "gpt-5.4" }.WithTags("feature:chat");
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            start.Wait();
            var mismatches = 0;
            for (var i = 0; i < 2_000; i++)
            {
                var user = $"user-{worker}-{i}";
                var mine = shared.WithUser(user);
                if (mine.GetUser() != user)
                {
                    mismatches++;
                }
            }

            return mismatches;
        })).ToArray();
        start.Set();

        Assert.All(await Task.WhenAll(calls), mismatches => Assert.Equal(0, mismatches));
        Assert.Null(shared.GetUser());
        Assert.Equal(["feature:chat"], shared.GetTags());
    }
}
