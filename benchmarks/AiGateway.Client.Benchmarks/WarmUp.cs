using System.Diagnostics;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Runs every benchmark of a class, interleaved, for about a second and a half before the first of them is measured,
/// pausing between rounds so the runtime's background tier-1 compilation can finish. Without it the first benchmark of
/// the process (the peer SDK's baseline row) was still being tiered up during BenchmarkDotNet's few warm-up iterations
/// in-process (its iterations fell from 16 to 8 µs), which made its mean, and every ratio against it, unusable. It does
/// not remove every outlier on a shared machine: README.md records a run where that row was still off.
/// </summary>
internal static class WarmUp
{
    private static readonly HashSet<Type> Warmed = [];

    /// <summary>Warms <paramref name="benchmarks"/> once per process for <paramref name="owner"/>; later calls return at once.</summary>
    public static async Task OnceAsync(Type owner, params Func<Task>[] benchmarks)
    {
        if (!Warmed.Add(owner))
        {
            return;
        }

        for (var round = 0; round < 3; round++)
        {
            foreach (var benchmark in benchmarks)
            {
                var elapsed = Stopwatch.StartNew();
                while (elapsed.ElapsedMilliseconds < 50)
                {
                    await benchmark().ConfigureAwait(false);
                }
            }

            await Task.Delay(250).ConfigureAwait(false);
        }
    }
}
