using System.Net;
using System.Text.Json;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.EndToEnd.GatewaySetups;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// Failover through DI (<c>AddAiGateway().UseFailover(...)</c>) against <see cref="FakeGateway"/>: to a fallback model,
/// to the second detected gateway, and Vercel's native fallback list. One attempt per target, so no backoff waits.
/// </summary>
public sealed class FailoverEndToEndTests
{
    [Fact]
    public async Task A_503_on_the_first_model_moves_to_the_fallback_model_on_the_same_gateway()
    {
        using var pipeline = DiPipeline.Create(Netlify, builder => builder.UseFailover(["gpt-5.4"], OneAttemptPerTarget));
        pipeline.Fake.Enqueue(FakeReply.WithError(HttpStatusCode.ServiceUnavailable), FakeReply.WithText("answered by the fallback"));

        var response = await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" });

        Assert.Equal(
            [(ChatDialect.Messages, "claude-sonnet-4-5"), (ChatDialect.ChatCompletions, "gpt-5.4")],
            pipeline.Fake.Requests.Select(r => (r.Dialect!.Value, r.Model!)));
        Assert.All(pipeline.Fake.Requests, r => Assert.StartsWith(NetlifyRoot, r.Uri.AbsoluteUri, StringComparison.Ordinal));
        Assert.Equal("answered by the fallback", response.Text);
        Assert.Equal("openai/gpt-5.4", response.AdditionalProperties![AiGatewayPropertyKeys.CatalogModelId]);
        Assert.Equal(2, response.AdditionalProperties[AiGatewayPropertyKeys.Attempts]);
    }

    [Fact]
    public async Task A_503_moves_to_a_per_request_fallback_model_when_streaming()
    {
        using var pipeline = DiPipeline.Create(Netlify, builder => builder.UseFailover(OneAttemptPerTarget));
        pipeline.Fake.Enqueue(FakeReply.WithError(HttpStatusCode.ServiceUnavailable), FakeReply.WithText("streamed by the fallback"));

        var updates = await StreamAsync(pipeline.Client, new ChatOptions { ModelId = "gpt-5.4" }.WithFallbackModels("gemini-2.5-flash"));

        Assert.Equal(
            [(ChatDialect.ChatCompletions, "gpt-5.4"), (ChatDialect.GenerateContent, "gemini-2.5-flash")],
            pipeline.Fake.Requests.Select(r => (r.Dialect!.Value, r.Model!)));
        Assert.Equal(NetlifyRoot + "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", pipeline.Fake.Requests[1].Uri.AbsoluteUri);
        Assert.Equal("streamed by the fallback", updates.ToChatResponse().Text);
        Assert.Equal("google/gemini-2.5-flash", updates[0].AdditionalProperties![AiGatewayPropertyKeys.CatalogModelId]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failing_gateway_moves_the_same_model_to_the_second_detected_gateway(bool streaming)
    {
        using var pipeline = DiPipeline.Create(
            DiPipeline.Combined(Netlify, VercelKeyed),
            builder => builder.UseFailover(OneAttemptPerTarget));
        pipeline.Fake.Responder = request => request.Uri.Host.EndsWith(".netlify.app", StringComparison.Ordinal)
            ? FakeReply.WithError(HttpStatusCode.BadGateway)
            : FakeReply.WithText("answered by Vercel");

        var options = new ChatOptions { ModelId = "claude-sonnet-4-5" };
        var (text, properties) = streaming
            ? await StreamTextAsync(pipeline.Client, options)
            : await WholeTextAsync(pipeline.Client, options);

        var (netlify, vercel) = (pipeline.Fake.Requests[0], pipeline.Fake.Requests[1]);
        Assert.Equal(2, pipeline.Fake.Requests.Count);
        Assert.Equal((NetlifyRoot + "v1/messages", "claude-sonnet-4-5"), (netlify.Uri.AbsoluteUri, netlify.Model));
        Assert.Equal((VercelRoot + "v1/chat/completions", "anthropic/claude-sonnet-4.5"), (vercel.Uri.AbsoluteUri, vercel.Model));
        Assert.True(vercel.Headers["authorization"] == "Bearer " + VercelKey, "Vercel gets its own key");
        Assert.False(vercel.Headers.ContainsKey("x-api-key"));
        Assert.Equal("answered by Vercel", text);
        Assert.Equal(GatewayKind.Vercel, properties[AiGatewayPropertyKeys.AnsweredGateway]);
    }

    [Fact]
    public async Task Netlify_is_primary_when_both_are_detected_so_a_healthy_netlify_is_the_only_one_called()
    {
        using var pipeline = DiPipeline.Create(DiPipeline.Combined(Netlify, VercelKeyed), builder => builder.UseFailover(OneAttemptPerTarget));

        var response = await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" });

        Assert.Equal(NetlifyRoot + "v1/messages", Assert.Single(pipeline.Fake.Requests).Uri.AbsoluteUri);
        Assert.Equal(GatewayKind.Netlify, response.AdditionalProperties![AiGatewayPropertyKeys.AnsweredGateway]);
    }

    [Fact]
    public async Task Copying_a_failed_over_responses_properties_into_the_next_request_does_not_pin_its_route()
    {
        using var pipeline = DiPipeline.Create(DiPipeline.Combined(Netlify, VercelKeyed), builder => builder.UseFailover(OneAttemptPerTarget));
        pipeline.Fake.Enqueue(FakeReply.WithError(HttpStatusCode.BadGateway), FakeReply.WithText("answered by Vercel"), FakeReply.WithText("answered by Netlify"));
        var first = await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" });
        Assert.Equal((GatewayKind.Vercel, ChatDialect.ChatCompletions), (first.GetGateway(), first.GetDialect()));

        var next = new ChatOptions { ModelId = "claude-sonnet-4-5", AdditionalProperties = new(first.AdditionalProperties!) };
        var second = await pipeline.Client.GetResponseAsync("ping again", next);

        var sent = pipeline.Fake.Requests[2];
        Assert.Equal((NetlifyRoot + "v1/messages", ChatDialect.Messages), (sent.Uri.AbsoluteUri, sent.Dialect));
        Assert.Equal((GatewayKind.Netlify, ChatDialect.Messages), (second.GetGateway(), second.GetDialect()));
    }

    [Fact]
    public async Task A_permanent_error_is_not_failed_over()
    {
        using var pipeline = DiPipeline.Create(DiPipeline.Combined(Netlify, VercelKeyed), builder => builder.UseFailover(["gpt-5.4"], OneAttemptPerTarget));
        pipeline.Fake.Enqueue(FakeReply.WithError(HttpStatusCode.BadRequest));

        await Assert.ThrowsAsync<InvalidRequestException>(() => pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" }));

        Assert.Single(pipeline.Fake.Requests);
    }

    [Fact]
    public async Task Vercel_native_fallback_writes_the_fallbacks_wire_ids_into_provider_options()
    {
        using var pipeline = DiPipeline.Create(VercelKeyed, builder => builder.UseFailover(["gemini-2.5-flash"], o =>
        {
            OneAttemptPerTarget(o);
            o.UseNativeFallback = true;
        }));

        var response = await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" }.WithFallbackModels("gpt-5.4"));

        var sent = Assert.Single(pipeline.Fake.Requests);
        Assert.Equal("anthropic/claude-sonnet-4.5", sent.Model);
        var models = sent.Json!.Value.GetProperty("providerOptions").GetProperty("gateway").GetProperty("models");
        Assert.Equal(["openai/gpt-5.4", "google/gemini-2.5-flash"], models.EnumerateArray().Select(m => m.GetString()));
        Assert.NotEmpty(response.Text);
    }

    [Fact]
    public async Task Vercel_native_fallback_on_the_client_side_fallback_lists_only_the_later_models()
    {
        using var pipeline = DiPipeline.Create(VercelKeyed, builder => builder.UseFailover(["gemini-2.5-flash"], o =>
        {
            OneAttemptPerTarget(o);
            o.UseNativeFallback = true;
        }));
        pipeline.Fake.Enqueue(FakeReply.WithError(HttpStatusCode.ServiceUnavailable));

        await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" }.WithFallbackModels("gpt-5.4"));

        var bodies = pipeline.Fake.Requests.Select(r => r.Json!.Value).ToArray();
        Assert.Equal(["anthropic/claude-sonnet-4.5", "openai/gpt-5.4"], bodies.Select(b => b.GetProperty("model").GetString()));
        Assert.Equal(["google/gemini-2.5-flash"], NativeModels(bodies[1]));
    }

    [Fact]
    public async Task Without_native_fallback_vercel_gets_no_models_list()
    {
        using var pipeline = DiPipeline.Create(VercelKeyed, builder => builder.UseFailover(["gemini-2.5-flash"], OneAttemptPerTarget));

        await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" });

        Assert.False(Assert.Single(pipeline.Fake.Requests).Json!.Value.TryGetProperty("providerOptions", out _));
    }

    private static void OneAttemptPerTarget(FailoverOptions options)
    {
        options.MaxAttemptsPerTarget = 1;
        options.UseCircuitBreaker = false;
    }

    private static string[] NativeModels(JsonElement body) =>
        body.GetProperty("providerOptions").GetProperty("gateway").GetProperty("models").EnumerateArray().Select(m => m.GetString()!).ToArray();

    private static async Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client, ChatOptions options)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("ping", options))
        {
            updates.Add(update);
        }

        return updates;
    }

    private static async Task<(string Text, AdditionalPropertiesDictionary Properties)> StreamTextAsync(IChatClient client, ChatOptions options)
    {
        var updates = await StreamAsync(client, options);
        return (updates.ToChatResponse().Text, updates[0].AdditionalProperties!);
    }

    private static async Task<(string Text, AdditionalPropertiesDictionary Properties)> WholeTextAsync(IChatClient client, ChatOptions options)
    {
        var response = await client.GetResponseAsync("ping", options);
        return (response.Text, response.AdditionalProperties!);
    }
}
