using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiGateway.Client.Diagnostics;

namespace AiGateway.Client.Tests.Diagnostics;

/// <summary>
/// Captures the spans and measurements of the <c>AiGateway.Client</c> source and meter. Listeners are process-wide
/// and tests run in parallel, so every test filters by a model id of its own.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AiGatewayTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AiGatewayTelemetry.SourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray())));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray())));
        _meters.Start();
    }

    public static string UniqueModel(string creator = "openai") => $"{creator}/telemetry-{Guid.NewGuid():N}";

    /// <summary>Stopped spans whose request model (or failover target model) is <paramref name="model"/>.</summary>
    public IReadOnlyList<Activity> SpansFor(string model) =>
        _stopped.Where(a => Equals(a.GetTagItem("gen_ai.request.model"), model) || a.DisplayName.EndsWith(model, StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<Measurement> MeasurementsFor(string instrument, string model) =>
        _measurements.Where(m => m.Instrument == instrument && m.Tags.Any(t => t.Key == "gen_ai.request.model" && Equals(t.Value, model))).ToArray();

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    public sealed record Measurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public object? Tag(string name) => Tags.FirstOrDefault(t => t.Key == name).Value;
    }
}
