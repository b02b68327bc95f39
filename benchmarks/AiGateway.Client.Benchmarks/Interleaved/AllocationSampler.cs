using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace AiGateway.Client.Benchmarks.Interleaved;

/// <summary>
/// Samples what a profiled benchmark allocates, by type: the runtime reports a type about every 100 KB allocated
/// (GCAllocationTick), so over millions of operations the counts are proportional to the bytes each type takes.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    public void Print(long operations)
    {
        var total = _bytes.Values.Sum();
        Console.WriteLine($"Allocation samples by type (share of sampled bytes; about bytes per operation):");
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(30))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {100.0 * bytes / total,5:0.0}%  ~{(double)bytes / operations,7:0.0} B/op  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // GCAllocationTick_V4: AllocationAmount64 and TypeName among its payload.
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = eventData.Payload![names.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[names.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
