using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// Everything the library says to the outside while a test runs, as text: every log line at Trace level (message,
/// structured values, scopes, exception), every span of the <c>AiGateway.Client</c> source (name, status, tags,
/// events, links, baggage) and every measurement's tags. The span and metric listeners are process-wide, so other
/// tests' telemetry may show up too; that only makes a leak check stricter.
/// </summary>
internal sealed class CapturedText : ILoggerProvider, IDisposable
{
    private readonly ConcurrentQueue<string> _logLines = new();
    private readonly ConcurrentQueue<string> _telemetry = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public CapturedText()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AiGatewayTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _telemetry.Enqueue(Describe(activity)),
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
        _meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) => _telemetry.Enqueue(instrument.Name + " " + Describe(tags)));
        _meters.SetMeasurementEventCallback<long>((instrument, _, tags, _) => _telemetry.Enqueue(instrument.Name + " " + Describe(tags)));
        _meters.SetMeasurementEventCallback<int>((instrument, _, tags, _) => _telemetry.Enqueue(instrument.Name + " " + Describe(tags)));
        _meters.Start();
    }

    public IReadOnlyCollection<string> LogLines => _logLines;

    public IReadOnlyCollection<string> Telemetry => _telemetry;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private static string Describe(Activity activity)
    {
        var parts = new List<string> { activity.Source.Name, activity.OperationName, activity.DisplayName, activity.Status.ToString(), activity.StatusDescription ?? string.Empty };
        parts.AddRange(activity.TagObjects.Select(t => $"{t.Key}={Render(t.Value)}"));
        foreach (var e in activity.Events)
        {
            parts.Add($"event {e.Name}: {Describe(e.Tags)}");
        }

        foreach (var link in activity.Links)
        {
            parts.Add($"link: {Describe(link.Tags ?? [])}");
        }

        parts.AddRange(activity.Baggage.Select(b => $"baggage {b.Key}={b.Value}"));
        return string.Join(" | ", parts);
    }

    private static string Describe(IEnumerable<KeyValuePair<string, object?>> tags) => string.Join(", ", tags.Select(t => $"{t.Key}={Render(t.Value)}"));

    private static string Describe(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={Render(tag.Value)}");
        }

        return string.Join(", ", parts);
    }

    private static string Render(object? value) => value switch
    {
        null => "null",
        string s => s,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Render)) + "]",
        _ => value.ToString() ?? string.Empty,
    };

    private sealed class Logger(CapturedText owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner._logLines.Enqueue($"{category} scope: {state} {RenderState(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._logLines.Enqueue($"{logLevel} {category} [{eventId}] {formatter(state, exception)} {RenderState(state)} {exception}");
        }

        private static string RenderState(object? state) =>
            state is IEnumerable<KeyValuePair<string, object?>> values ? "{" + Describe(values) + "}" : string.Empty;
    }
}
