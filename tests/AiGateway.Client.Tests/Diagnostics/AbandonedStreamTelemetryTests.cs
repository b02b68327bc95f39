using System.Collections.Concurrent;
using System.Diagnostics;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Diagnostics;

public sealed class AbandonedStreamTelemetryTests
{
    /// <summary>Collects the spans of one model id only, so tests running in parallel cannot interfere.</summary>
    private static (ActivityListener Listener, ConcurrentQueue<Activity> Spans) Listen(string modelId)
    {
        var spans = new ConcurrentQueue<Activity>();
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AiGatewayTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("gen_ai.request.model"), modelId))
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return (listener, spans);
    }

    [Fact]
    public async Task AStreamTheCallerStopsReadingIsMarkedAbandonedNotFailed()
    {
        var model = "openai/gpt-abandon-" + Guid.NewGuid().ToString("N");
        var (listener, spans) = Listen(model);
        using var _ = listener;
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "one two three four five six", StreamChunks = 6 });
        using var client = new TestGateway().CreateClient(fake, model);

        await foreach (var update in client.GetStreamingResponseAsync("hi"))
        {
            break;
        }

        var span = Assert.Single(spans);
        Assert.Equal(true, span.GetTagItem("aigateway.stream.abandoned"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
        Assert.Null(span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task AStreamReadToTheEndIsNotMarkedAbandoned()
    {
        var model = "openai/gpt-complete-" + Guid.NewGuid().ToString("N");
        var (listener, spans) = Listen(model);
        using var _ = listener;
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "all of it", StreamChunks = 3 });
        using var client = new TestGateway().CreateClient(fake, model);

        await foreach (var update in client.GetStreamingResponseAsync("hi"))
        {
        }

        var span = Assert.Single(spans);
        Assert.Null(span.GetTagItem("aigateway.stream.abandoned"));
    }
}
