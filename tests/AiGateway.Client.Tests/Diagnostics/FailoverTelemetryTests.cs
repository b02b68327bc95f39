using System.Diagnostics;
using AiGateway.Client.Middleware.Failover;
using AiGateway.Client.Tests.Middleware.Failover;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;

namespace AiGateway.Client.Tests.Diagnostics;

public class FailoverTelemetryTests
{
    [Fact]
    public async Task Each_attempt_is_an_event_on_the_failover_span()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var (client, inner, _) = Create(o => o.BackoffBase = TimeSpan.FromSeconds(1));
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model(model));

        var span = Assert.Single(capture.SpansFor(model), a => a.DisplayName == "failover " + model);
        var events = span.Events.Where(e => e.Name == "aigateway.failover.attempt").ToArray();
        Assert.Equal(["retry", "completed"], events.Select(e => e.Tags.First(t => t.Key == "aigateway.outcome").Value));
        Assert.Equal(503, events[0].Tags.First(t => t.Key == "http.response.status_code").Value);
        Assert.Equal(1000d, events[0].Tags.First(t => t.Key == "aigateway.retry_delay_ms").Value);
        Assert.Equal(2, span.GetTagItem("aigateway.attempts"));
        Assert.Equal(1, span.GetTagItem("aigateway.failover.targets"));
        Assert.Equal(model, span.GetTagItem("aigateway.failover.target_model"));
        Assert.Null(span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task A_failed_request_marks_the_failover_span_as_an_error()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(400)));

        await Assert.ThrowsAsync<AiGateway.Client.InvalidRequestException>(() => client.GetResponseAsync(Messages, Model(model)));

        var span = Assert.Single(capture.SpansFor(model), a => a.DisplayName == "failover " + model);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("400", span.GetTagItem("error.type"));
        var attempt = Assert.Single(span.Events, e => e.Name == "aigateway.failover.attempt");
        Assert.Equal("failed", attempt.Tags.First(t => t.Key == "aigateway.outcome").Value);
    }

    [Fact]
    public async Task A_target_skipped_for_an_open_circuit_is_an_event()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var (client, inner, _) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 1;
            o.CircuitBreakerMinimumThroughput = 2;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("a"), Step.Fail(GatewayErrors.Status(503)), Step.Reply("b"), Step.Reply("c"));
        await client.GetResponseAsync(Messages, Model(model));
        await client.GetResponseAsync(Messages, Model(model));

        await client.GetResponseAsync(Messages, Model(model));

        var spans = capture.SpansFor(model).Where(a => a.DisplayName == "failover " + model).ToArray();
        Assert.Equal(3, spans.Length);
        Assert.Contains(spans[1].Events, e => e.Name == "aigateway.failover.circuit" && Equals(e.Tags.First(t => t.Key == "aigateway.circuit.state").Value, "Open"));
        var skipped = Assert.Single(spans[2].Events, e => e.Name == "aigateway.failover.target_skipped");
        Assert.Equal(model, skipped.Tags.First(t => t.Key == "gen_ai.request.model").Value);
    }

    [Fact]
    public async Task Attempts_are_counted_by_outcome()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(502)), Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model(model));

        var counted = capture.MeasurementsFor("aigateway.failover.attempts", model);
        Assert.Equal(["retry", "completed"], counted.Select(m => m.Tag("aigateway.outcome")));
        Assert.All(counted, m => Assert.Equal(1d, m.Value));
    }

    [Fact]
    public async Task A_streamed_request_gets_a_failover_span_with_its_attempts()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(529)), Step.Reply("x", "y"));

        await ReadAllAsync(client.GetStreamingResponseAsync(Messages, Model(model)));

        var span = Assert.Single(capture.SpansFor(model), a => a.DisplayName == "failover " + model);
        Assert.Equal(true, span.GetTagItem("gen_ai.request.stream"));
        Assert.Equal(["retry", "completed"], span.Events.Where(e => e.Name == "aigateway.failover.attempt").Select(e => e.Tags.First(t => t.Key == "aigateway.outcome").Value));
    }

    [Fact]
    public async Task The_leaf_span_is_a_child_of_the_failover_span()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var handler = ReplayHandler.Body("""{"error":{"message":"bad request","type":"invalid_request_error"}}""", "application/json", status: 400);
        using var leaf = new TestGateway().CreateClient(handler, defaultModel: model);
        using var client = new GatewayFailoverChatClient(leaf, new FailoverOptions { TimeProvider = new TestClock() });

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(Messages, new ChatOptions { ModelId = model }));

        var spans = capture.SpansFor(model);
        var failover = Assert.Single(spans, a => a.DisplayName == "failover " + model);
        var call = Assert.Single(spans, a => a.DisplayName == "chat " + model);
        Assert.Equal(failover.SpanId, call.ParentSpanId);
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal(ActivityKind.Internal, failover.Kind);
    }
}
