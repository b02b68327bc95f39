using System.Diagnostics;
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Diagnostics;

public class ChatCallTelemetryTests
{
    private static readonly IReadOnlyList<ChatMessage> Prompt = [new ChatMessage(ChatRole.User, "what is the capital of Peru?")];

    /// <summary>A leaf whose gateway answers 400 (and, until the dialects land, whose writer throws): a failed call either way.</summary>
    private static AiGatewayChatClient FailingLeaf(string model, bool captureContent = false) =>
        new(
            new AiGatewayOptions { DefaultModel = model, Environment = EnvironmentSource.FromDictionary([]), EnableSensitiveTelemetryData = captureContent },
            GatewayEnvironment.FromProfiles(new TestGateway()),
            new HttpClient(ReplayHandler.Body("""{"error":{"message":"no","type":"invalid_request_error"}}""", "application/json", status: 400)));

    [Fact]
    public async Task A_failed_call_has_a_client_span_with_the_genai_request_attributes_and_error_type()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel("google");
        using var leaf = FailingLeaf(model);

        await Assert.ThrowsAnyAsync<Exception>(() => leaf.GetResponseAsync(Prompt, new ChatOptions { ModelId = model, MaxOutputTokens = 300, Temperature = 0.5f }));

        var span = Assert.Single(capture.SpansFor(model));
        Assert.Equal("chat " + model, span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("gcp.gemini", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("gateway.test", span.GetTagItem("server.address"));
        Assert.Equal("OpenAICompatible", span.GetTagItem("aigateway.gateway"));
        Assert.Equal("ChatCompletions", span.GetTagItem("aigateway.dialect"));
        Assert.Equal(300, span.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal(0.5d, span.GetTagItem("gen_ai.request.temperature"));
        Assert.Equal(false, span.GetTagItem("gen_ai.request.stream"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.False(string.IsNullOrEmpty(span.GetTagItem("error.type") as string));
    }

    [Fact]
    public async Task A_failed_call_records_its_duration_with_the_error_type()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        using var leaf = FailingLeaf(model);

        await Assert.ThrowsAnyAsync<Exception>(() => leaf.GetResponseAsync(Prompt, new ChatOptions { ModelId = model }));

        var duration = Assert.Single(capture.MeasurementsFor("gen_ai.client.operation.duration", model));
        Assert.NotNull(duration.Tag("error.type"));
        Assert.Equal("chat", duration.Tag("gen_ai.operation.name"));
        Assert.Equal("OpenAICompatible", duration.Tag("aigateway.gateway"));
    }

    [Fact]
    public async Task A_failed_stream_has_a_span_marked_as_streaming_and_failed()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        using var leaf = FailingLeaf(model);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var _ in leaf.GetStreamingResponseAsync(Prompt, new ChatOptions { ModelId = model }))
            {
            }
        });

        var span = Assert.Single(capture.SpansFor(model));
        Assert.Equal(true, span.GetTagItem("gen_ai.request.stream"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task A_stream_whose_gateway_reports_a_cost_without_usage_records_that_cost()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        const string Stream = """
            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Lima"},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"provider_metadata":{"gateway":{"cost":0.0042}}},"finish_reason":"stop"}]}

            data: [DONE]


            """;
        using var leaf = new AiGatewayChatClient(
            new AiGatewayOptions { DefaultModel = model, Environment = EnvironmentSource.FromDictionary([]) },
            GatewayEnvironment.FromProfiles(new TestGateway()),
            new HttpClient(ReplayHandler.Body(Stream, "text/event-stream")));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in leaf.GetStreamingResponseAsync(Prompt, new ChatOptions { ModelId = model }))
        {
            updates.Add(update);
        }

        Assert.Contains(updates, u => u.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.CostUsd, out var c) == true && c is 0.0042m);
        var span = Assert.Single(capture.SpansFor(model));
        Assert.Equal(0.0042d, span.GetTagItem("aigateway.cost_usd"));
        Assert.Equal(0.0042d, Assert.Single(capture.MeasurementsFor("aigateway.cost", model)).Value, 6);
    }

    [Fact]
    public async Task No_key_or_token_appears_in_any_span_tag_or_event()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        using var leaf = FailingLeaf(model);
        using var client = new Client.Middleware.Failover.GatewayFailoverChatClient(leaf, new FailoverOptions { TimeProvider = new TestClock() });

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(Prompt, new ChatOptions { ModelId = model }));

        var spans = capture.SpansFor(model);
        Assert.NotEmpty(spans);
        var values = spans.SelectMany(s => s.TagObjects.Concat(s.Events.SelectMany(e => e.Tags)))
            .Select(t => t.Value is Array array ? string.Join(",", array.Cast<object>()) : Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture))
            .Concat(spans.Select(s => s.StatusDescription))
            .ToArray();
        Assert.DoesNotContain(values, v => v?.Contains(TestGateway.Key, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(values, v => v?.Contains("Bearer", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task Message_content_is_not_recorded_by_default()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        using var leaf = FailingLeaf(model);

        await Assert.ThrowsAnyAsync<Exception>(() => leaf.GetResponseAsync(Prompt, new ChatOptions { ModelId = model, Instructions = "be terse" }));

        var span = Assert.Single(capture.SpansFor(model));
        Assert.Null(span.GetTagItem("gen_ai.input.messages"));
        Assert.Null(span.GetTagItem("gen_ai.system_instructions"));
        Assert.DoesNotContain(span.TagObjects, t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)?.Contains("Peru", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Message_content_is_recorded_when_the_app_opts_in()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        using var leaf = FailingLeaf(model, captureContent: true);

        await Assert.ThrowsAnyAsync<Exception>(() => leaf.GetResponseAsync(Prompt, new ChatOptions { ModelId = model, Instructions = "be terse" }));

        var span = Assert.Single(capture.SpansFor(model));
        using var input = JsonDocument.Parse((string)span.GetTagItem("gen_ai.input.messages")!);
        Assert.Equal("user", input.RootElement[0].GetProperty("role").GetString());
        Assert.Equal("what is the capital of Peru?", input.RootElement[0].GetProperty("parts")[0].GetProperty("content").GetString());
        Assert.Contains("be terse", (string)span.GetTagItem("gen_ai.system_instructions")!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_successful_call_records_response_usage_and_cost_on_the_span_and_in_the_metrics()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel("anthropic");
        var route = new TestGateway().RouteFor(AiGateway.Client.ChatDialect.Messages, model, wireModelId: model);
        var usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 45, CachedInputTokenCount = 100, ReasoningTokenCount = 20 };

        using (var activity = ChatCallTelemetry.Start(route, options: null, streaming: false, sensitiveMessages: null, genAiRecordedOutside: false, out _))
        {
            ChatCallTelemetry.RecordSuccess(activity, route, new("resp_1", "claude-x-20260101", ChatFinishReason.Stop, usage, 0.0123m, null), TimeSpan.FromSeconds(2));
        }

        var span = Assert.Single(capture.SpansFor(model));
        Assert.Equal("anthropic", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("resp_1", span.GetTagItem("gen_ai.response.id"));
        Assert.Equal("claude-x-20260101", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(new[] { "stop" }, span.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(120L, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(45L, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(100L, span.GetTagItem("gen_ai.usage.cache_read.input_tokens"));
        Assert.Equal(20L, span.GetTagItem("gen_ai.usage.reasoning.output_tokens"));
        Assert.Equal(0.0123d, span.GetTagItem("aigateway.cost_usd"));
        Assert.Equal("Messages", span.GetTagItem("aigateway.dialect"));

        var tokens = capture.MeasurementsFor("gen_ai.client.token.usage", model);
        Assert.Equal([("input", 120d), ("output", 45d)], tokens.Select(m => ((string)m.Tag("gen_ai.token.type")!, m.Value)));
        Assert.Equal(2d, Assert.Single(capture.MeasurementsFor("gen_ai.client.operation.duration", model)).Value);
        Assert.Equal(0.0123d, Assert.Single(capture.MeasurementsFor("aigateway.cost", model)).Value, 6);
    }

    [Theory]
    [InlineData("openai", "openai")]
    [InlineData("anthropic", "anthropic")]
    [InlineData("google", "gcp.gemini")]
    [InlineData("mistral", "mistral_ai")]
    [InlineData("xai", "x_ai")]
    [InlineData("deepseek", "deepseek")]
    public void Creators_map_to_the_conventions_provider_names(string creator, string providerName)
    {
        Assert.Equal(providerName, ChatCallTelemetry.ProviderName(creator));
    }
}
