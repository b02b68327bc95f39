using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.DependencyInjection;

/// <summary>
/// With Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> in the pipeline, one model call is one GenAI client span
/// and one recording of each <c>gen_ai.client.*</c> metric, with the gateway's facts on that span.
/// </summary>
public sealed class OpenTelemetryPipelineTests
{
    private sealed class Capture : IDisposable
    {
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters;
        private readonly string _model;

        public Capture(string meaiSource, string model)
        {
            _model = model;
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == AiGatewayTelemetry.SourceName || source.Name == meaiSource,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => { lock (Spans) { Spans.Add(activity); } },
            };
            ActivitySource.AddActivityListener(_activities);
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == AiGatewayTelemetry.SourceName || instrument.Meter.Name == meaiSource)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<double>(Record);
            _meters.SetMeasurementEventCallback<long>((i, v, t, s) => Record(i, v, t, s));
            _meters.SetMeasurementEventCallback<int>((i, v, t, s) => Record(i, v, t, s));
            _meters.Start();
        }

        public List<Activity> Spans { get; } = [];

        public List<(string Meter, string Instrument, KeyValuePair<string, object?>[] Tags)> Measurements { get; } = [];

        public IReadOnlyList<Activity> GenAiSpans()
        {
            lock (Spans)
            {
                return Spans.Where(s => s.Kind == ActivityKind.Client && s.GetTagItem("gen_ai.operation.name") is "chat"
                    && Equals(s.GetTagItem("gen_ai.request.model"), _model)).ToList();
            }
        }

        public int Count(string instrument, string? tokenType = null)
        {
            lock (Measurements)
            {
                return Measurements.Count(m => m.Instrument == instrument
                    && m.Tags.Any(t => t.Key == "gen_ai.request.model" && Equals(t.Value, _model))
                    && (tokenType is null || m.Tags.Any(t => t.Key == "gen_ai.token.type" && Equals(t.Value, tokenType))));
            }
        }

        public void Dispose()
        {
            _activities.Dispose();
            _meters.Dispose();
        }

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            lock (Measurements)
            {
                Measurements.Add((instrument.Meter.Name, instrument.Name, tags.ToArray()));
            }
        }
    }

    private static (ServiceProvider Provider, FakeGateway Fake) Create(string model, string sourceName, bool withFailover)
    {
        var fake = new FakeGateway();
        var services = new ServiceCollection();
        var builder = services.AddAiGateway(
            o =>
            {
                var fakeOptions = FakeGateway.CreateOptions(model);
                o.Gateway = fakeOptions.Gateway;
                o.BaseUrl = fakeOptions.BaseUrl;
                o.ApiKey = fakeOptions.ApiKey;
                o.DefaultModel = model;
                o.Environment = fakeOptions.Environment;
            },
            http => http.ConfigurePrimaryHttpMessageHandler(() => fake))
            .UseOpenTelemetry(sourceName: sourceName);
        if (withFailover)
        {
            builder.UseFailover();
        }

        return (services.BuildServiceProvider(), fake);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task One_call_is_one_GenAI_span_and_one_recording_of_each_metric(bool streaming, bool withFailover)
    {
        var model = $"openai/otel-{Guid.NewGuid():N}";
        var source = $"test-meai-{Guid.NewGuid():N}";
        using var capture = new Capture(source, model);
        var (provider, fake) = Create(model, source, withFailover);
        using var _ = provider;
        fake.Enqueue(new FakeReply { Text = "Hello.", InputTokens = 10, OutputTokens = 2 });
        var chat = provider.GetRequiredService<IChatClient>();

        if (streaming)
        {
            await chat.GetStreamingResponseAsync("Hi").ToListAsync();
        }
        else
        {
            await chat.GetResponseAsync("Hi");
        }

        var span = Assert.Single(capture.GenAiSpans());
        Assert.Equal(source, span.Source.Name);
        Assert.Equal("OpenAICompatible", span.GetTagItem("aigateway.gateway"));
        Assert.Equal("ChatCompletions", span.GetTagItem("aigateway.dialect"));
        Assert.Equal("openai", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(1, capture.Count("gen_ai.client.operation.duration"));
        Assert.Equal(1, capture.Count("gen_ai.client.token.usage", "input"));
        Assert.Equal(1, capture.Count("gen_ai.client.token.usage", "output"));
    }

    [Fact]
    public async Task A_stream_that_fails_after_output_is_one_recording_of_the_duration_metric()
    {
        var model = $"openai/otel-{Guid.NewGuid():N}";
        var source = $"test-meai-{Guid.NewGuid():N}";
        using var capture = new Capture(source, model);
        var (provider, fake) = Create(model, source, withFailover: false);
        using var _ = provider;
        fake.Enqueue(new FakeReply { Text = "Hello there, this answer is cut.", StreamChunks = 4, TruncateStream = true });
        var chat = provider.GetRequiredService<IChatClient>();

        await Assert.ThrowsAsync<MalformedResponseException>(async () => await chat.GetStreamingResponseAsync("Hi").ToListAsync());

        var span = Assert.Single(capture.GenAiSpans());
        Assert.Equal(source, span.Source.Name);
        Assert.Equal(1, capture.Count("gen_ai.client.operation.duration"));
    }

    [Fact]
    public async Task Without_UseOpenTelemetry_the_client_records_its_own_GenAI_span()
    {
        var model = $"openai/otel-{Guid.NewGuid():N}";
        using var capture = new Capture("unused-source", model);
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "Hello.", InputTokens = 10, OutputTokens = 2 });
        var services = new ServiceCollection();
        services.AddAiGateway(
            o =>
            {
                var fakeOptions = FakeGateway.CreateOptions(model);
                o.Gateway = fakeOptions.Gateway;
                o.BaseUrl = fakeOptions.BaseUrl;
                o.ApiKey = fakeOptions.ApiKey;
                o.Environment = fakeOptions.Environment;
                o.DefaultModel = model;
            },
            http => http.ConfigurePrimaryHttpMessageHandler(() => fake));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi");

        var span = Assert.Single(capture.GenAiSpans());
        Assert.Equal(AiGatewayTelemetry.SourceName, span.Source.Name);
        Assert.Equal(1, capture.Count("gen_ai.client.operation.duration"));
    }

    [Fact]
    public void The_pipeline_reports_the_GenAI_provider_of_the_default_model_to_MEAI()
    {
        var (provider, _) = Create("anthropic/claude-sonnet-4.5", "unused", withFailover: false);
        using var _p = provider;

        Assert.Equal("anthropic", provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()?.ProviderName);
    }
}
