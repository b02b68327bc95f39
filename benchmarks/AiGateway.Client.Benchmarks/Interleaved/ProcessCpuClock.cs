using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AiGateway.Client.Benchmarks.Interleaved;

/// <summary>
/// The CPU time this process has used, in nanoseconds. On Linux <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>
/// (nanosecond resolution; with the kernel's steal-time accounting, time the hypervisor gave to other guests does not
/// count); elsewhere <see cref="Process.TotalProcessorTime"/>.
/// </summary>
internal static partial class ProcessCpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    public static long Nanoseconds()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockProcessCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.Ticks * 100;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
