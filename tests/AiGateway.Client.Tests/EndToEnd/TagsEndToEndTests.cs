using System.Text.Json;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.EndToEnd.GatewaySetups;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// Tags and user through the real DI pipeline (<c>AddAiGateway().UseTags(...)</c>): defaults, the ambient
/// <see cref="AiGatewayScope"/> and the request's own values are merged and reach each gateway in its native form.
/// </summary>
public sealed class TagsEndToEndTests
{
    private const string DefaultTag = "app:e2e";
    private const string ScopeTag = "job:nightly";
    private const string RequestTag = "feature:chat";
    private const string DefaultUser = "user-default";
    private const string ScopeUser = "user-scope";
    private const string RequestUser = "user-request";

    private static readonly string[] MergedTags = [DefaultTag, ScopeTag, RequestTag];

    [Fact]
    public async Task Vercel_gets_merged_tags_and_the_request_user_in_provider_options_and_the_openai_user_field()
    {
        using var pipeline = Tagged(VercelKeyed);

        var body = await SendAsync(pipeline, new ChatOptions { ModelId = "gpt-5.4" }.WithTags(RequestTag).WithUser(RequestUser));

        var gateway = body.GetProperty("providerOptions").GetProperty("gateway");
        Assert.Equal(MergedTags, Strings(gateway.GetProperty("tags")));
        Assert.Equal(RequestUser, gateway.GetProperty("user").GetString());
        Assert.Equal(RequestUser, body.GetProperty("user").GetString());
    }

    [Fact]
    public async Task Vercel_streaming_gets_the_same_provider_options()
    {
        using var pipeline = Tagged(VercelKeyed);

        var body = await SendAsync(pipeline, new ChatOptions { ModelId = "claude-sonnet-4-5" }.WithTags(RequestTag), streaming: true);

        var gateway = body.GetProperty("providerOptions").GetProperty("gateway");
        Assert.Equal(MergedTags, Strings(gateway.GetProperty("tags")));
        Assert.Equal(ScopeUser, gateway.GetProperty("user").GetString());
    }

    [Fact]
    public async Task Vercel_messages_gets_provider_options_and_metadata_user_id()
    {
        using var pipeline = Tagged(VercelKeyed);

        var body = await SendAsync(pipeline, new ChatOptions { ModelId = "claude-sonnet-4-5" }.WithDialect(ChatDialect.Messages).WithUser(RequestUser));

        Assert.Equal(RequestUser, body.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.Equal(RequestUser, body.GetProperty("providerOptions").GetProperty("gateway").GetProperty("user").GetString());
        Assert.Equal([DefaultTag, ScopeTag], Strings(body.GetProperty("providerOptions").GetProperty("gateway").GetProperty("tags")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cloudflare_gets_merged_tags_and_the_scope_user_in_cf_aig_metadata(bool streaming)
    {
        using var pipeline = Tagged(CloudflareAuthenticated);

        await SendAsync(pipeline, new ChatOptions { ModelId = "gpt-5.4" }.WithTags(RequestTag), streaming);

        var sent = Assert.Single(pipeline.Fake.Requests);
        Assert.Equal("""{"tags":"app:e2e,job:nightly,feature:chat","user":"user-scope"}""", sent.Headers["cf-aig-metadata"]);
        Assert.False(sent.Json!.Value.TryGetProperty("providerOptions", out _));
    }

    [Fact]
    public async Task Cloudflare_messages_also_gets_metadata_user_id_in_the_body()
    {
        using var pipeline = Tagged(CloudflareAuthenticated);

        var body = await SendAsync(pipeline, new ChatOptions { ModelId = "claude-sonnet-4-5" });

        Assert.Equal(ScopeUser, body.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.Equal("""{"tags":"app:e2e,job:nightly","user":"user-scope"}""", Assert.Single(pipeline.Fake.Requests).Headers["cf-aig-metadata"]);
    }

    [Theory]
    [InlineData("gpt-5.4", ChatDialect.ChatCompletions)]
    [InlineData("openai/gpt-5.2-codex", ChatDialect.Responses)]
    public async Task Netlify_openai_dialects_get_the_user_field_and_no_gateway_tag_fields(string model, ChatDialect dialect)
    {
        using var pipeline = Tagged(Netlify);

        var body = await SendAsync(pipeline, new ChatOptions { ModelId = model }.WithTags(RequestTag), ambient: false);

        var sent = Assert.Single(pipeline.Fake.Requests);
        Assert.Equal(dialect, sent.Dialect);
        Assert.Equal(DefaultUser, body.GetProperty("user").GetString());
        Assert.False(body.TryGetProperty("providerOptions", out _));
        Assert.False(sent.Headers.ContainsKey("cf-aig-metadata"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Netlify_messages_gets_metadata_user_id(bool streaming)
    {
        using var pipeline = Tagged(Netlify);

        var body = await SendAsync(pipeline, new ChatOptions { ModelId = "claude-sonnet-4-5" }, streaming);

        Assert.Equal(ScopeUser, body.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.False(body.TryGetProperty("user", out _));
    }

    [Fact]
    public async Task Neon_messages_and_responses_carry_the_user_the_same_way()
    {
        using var pipeline = Tagged(NeonCurrent);

        var messages = await SendAsync(pipeline, new ChatOptions { ModelId = "claude-sonnet-4-5" }.WithUser(RequestUser));
        var responses = await SendAsync(pipeline, new ChatOptions { ModelId = "gpt-5.4" }.WithUser(RequestUser));

        Assert.Equal(RequestUser, messages.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.Equal(RequestUser, responses.GetProperty("user").GetString());
        Assert.Equal([ChatDialect.Messages, ChatDialect.Responses], pipeline.Fake.Requests.Select(r => r.Dialect!.Value));
    }

    [Fact]
    public async Task The_callers_options_are_not_changed_by_the_merge()
    {
        using var pipeline = Tagged(VercelKeyed);
        var options = new ChatOptions { ModelId = "gpt-5.4" }.WithTags(RequestTag);

        await SendAsync(pipeline, options);

        Assert.Equal([RequestTag], options.GetTags());
        Assert.Null(options.GetUser());
    }

    [Fact]
    public async Task An_invalid_merged_tag_fails_before_anything_is_sent()
    {
        using var pipeline = Tagged(VercelKeyed);

        await Assert.ThrowsAsync<ArgumentException>(() => pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" }.WithTags("bad\r\ntag")));

        Assert.Empty(pipeline.Fake.Requests);
    }

    private static DiPipeline Tagged(GatewaySetup setup) => DiPipeline.Create(setup, builder => builder.UseTags(tags =>
    {
        tags.DefaultTags.Add(DefaultTag);
        tags.DefaultUser = DefaultUser;
    }));

    /// <summary>Sends one call inside an ambient scope (tag <see cref="ScopeTag"/>, user <see cref="ScopeUser"/>) and returns the body the gateway received.</summary>
    private static async Task<JsonElement> SendAsync(DiPipeline pipeline, ChatOptions options, bool streaming = false, bool ambient = true)
    {
        using (ambient ? AiGatewayScope.Begin([ScopeTag], ScopeUser) : null)
        {
            if (streaming)
            {
                await foreach (var _ in pipeline.Client.GetStreamingResponseAsync("ping", options))
                {
                }
            }
            else
            {
                await pipeline.Client.GetResponseAsync("ping", options);
            }
        }

        return pipeline.Fake.Requests[^1].Json!.Value;
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
