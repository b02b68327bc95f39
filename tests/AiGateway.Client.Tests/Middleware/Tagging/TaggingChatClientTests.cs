using AiGateway.Client.Middleware.Tagging;
using Microsoft.Extensions.AI;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Tagging;

public sealed class TaggingChatClientTests
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "hi")];

    [Fact]
    public async Task Defaults_scope_and_request_tags_merge_in_that_order_without_duplicates()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { DefaultTags = { "app:web", "env:prod" } });

        using (AiGatewayScope.Begin(["feature:chat", "env:prod"]))
        {
            await client.GetResponseAsync(Messages, new ChatOptions().WithTags("step:draft", "app:web"));
        }

        Assert.Equal(["app:web", "env:prod", "feature:chat", "step:draft"], Received(inner).GetTags());
    }

    [Fact]
    public async Task Request_user_wins_over_the_scope_and_the_default()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { DefaultUser = "default" });

        using (AiGatewayScope.BeginUser("scoped"))
        {
            await client.GetResponseAsync(Messages, new ChatOptions().WithUser("explicit"));
        }

        Assert.Equal("explicit", Received(inner).GetUser());
    }

    [Fact]
    public async Task Scope_user_wins_over_the_default()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { DefaultUser = "default" });

        using (AiGatewayScope.BeginUser("scoped"))
        {
            await client.GetResponseAsync(Messages);
        }

        Assert.Equal("scoped", Received(inner).GetUser());
    }

    [Fact]
    public async Task Default_user_applies_when_nothing_else_names_one()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { DefaultUser = "default" });

        await client.GetResponseAsync(Messages);

        Assert.Equal("default", Received(inner).GetUser());
    }

    [Fact]
    public async Task Callers_options_are_not_changed()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { DefaultTags = { "app:web" }, DefaultUser = "u" });
        var options = new ChatOptions { ModelId = "openai/gpt-5", Temperature = 0.2f }.WithTags("feature:chat");

        await client.GetResponseAsync(Messages, options);

        Assert.Equal(["feature:chat"], options.GetTags());
        Assert.Null(options.GetUser());
        var sent = Received(inner);
        Assert.NotSame(options, sent);
        Assert.Equal("openai/gpt-5", sent.ModelId);
        Assert.Equal(0.2f, sent.Temperature);
    }

    [Fact]
    public async Task Request_without_options_gets_options_carrying_the_defaults()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { DefaultTags = { "app:web" } });

        await client.GetResponseAsync(Messages, options: null);

        Assert.Equal(["app:web"], Received(inner).GetTags());
    }

    [Fact]
    public async Task Nothing_to_merge_sends_the_callers_options_as_they_are()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner);
        var options = new ChatOptions().WithTags("feature:chat");

        await client.GetResponseAsync(Messages, options);

        Assert.Same(options, Received(inner));
    }

    [Fact]
    public async Task Streaming_requests_are_tagged_too()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { DefaultTags = { "app:web" }, DefaultUser = "u-1" });

        await foreach (var _ in client.GetStreamingResponseAsync(Messages))
        {
        }

        Assert.Equal(["app:web"], Received(inner).GetTags());
        Assert.Equal("u-1", Received(inner).GetUser());
    }

    [Theory]
    [InlineData("bad\rtag")]
    [InlineData("bad\ntag")]
    [InlineData("bad\u0000tag")]
    public async Task Tag_with_a_control_character_is_refused_before_sending(string tag)
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Messages, new ChatOptions().WithTags(tag)));

        Assert.Contains("control character", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
        Assert.Empty(inner.Calls);
    }

    [Fact]
    public async Task User_with_a_line_break_is_refused_without_echoing_it()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Messages, new ChatOptions().WithUser("alice\r\nX-Injected: 1")));

        Assert.DoesNotContain("alice", ex.Message, StringComparison.Ordinal);
        Assert.Empty(inner.Calls);
    }

    [Fact]
    public async Task Over_long_tag_is_refused_and_names_the_limit()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Messages, new ChatOptions().WithTags(new string('t', TaggingOptions.DefaultMaxTagLength + 1))));

        Assert.Contains("MaxTagLength", ex.Message, StringComparison.Ordinal);
        Assert.Empty(inner.Calls);
    }

    [Fact]
    public async Task Tag_at_the_length_limit_is_accepted()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner);

        await client.GetResponseAsync(Messages, new ChatOptions().WithTags(new string('t', TaggingOptions.DefaultMaxTagLength)));

        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task Over_long_user_is_refused()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { MaxUserLength = 8 });

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Messages, new ChatOptions().WithUser("123456789")));

        Assert.Contains("MaxUserLength", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_merged_tags_are_refused()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { MaxTags = 3, DefaultTags = { "a", "b" } });

        using (AiGatewayScope.Begin(["c"]))
        {
            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Messages, new ChatOptions().WithTags("d")));
            Assert.Contains("4 distinct tags", ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty(inner.Calls);
    }

    [Fact]
    public async Task Duplicates_do_not_count_against_the_tag_limit()
    {
        var inner = new ScriptedChatClient();
        var client = new TaggingChatClient(inner, new TaggingOptions { MaxTags = 2, DefaultTags = { "a", "b" } });

        await client.GetResponseAsync(Messages, new ChatOptions().WithTags("a", "b"));

        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task Empty_tag_is_refused()
    {
        var client = new TaggingChatClient(new ScriptedChatClient());

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Messages, new ChatOptions().WithTags(" ")));
    }

    [Fact]
    public void Invalid_default_tag_is_refused_at_construction()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TaggingChatClient(new ScriptedChatClient(), new TaggingOptions { DefaultTags = { "a\nb" } }));

        Assert.Equal("options.DefaultTags", ex.ParamName);
    }

    [Fact]
    public void Non_positive_limit_is_refused_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaggingChatClient(new ScriptedChatClient(), new TaggingOptions { MaxTags = 0 }));
    }

    [Fact]
    public void ApplyTags_shows_what_a_request_will_carry()
    {
        var client = new TaggingChatClient(new ScriptedChatClient(), new TaggingOptions { DefaultTags = { "app:web" }, DefaultUser = "svc" });

        var applied = client.ApplyTags(new ChatOptions().WithTags("x"));

        Assert.Equal(["app:web", "x"], applied.GetTags());
        Assert.Equal("svc", applied.GetUser());
    }

    private static ChatOptions Received(ScriptedChatClient inner)
    {
        Assert.True(inner.ReceivedOptions.TryPeek(out var options));
        return Assert.IsType<ChatOptions>(options);
    }
}
