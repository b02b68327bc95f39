using System.Diagnostics;
using System.Globalization;

namespace AiGateway.Client.Tests.BudgetStores;

/// <summary>
/// A child process (AiGateway.Client.BudgetCrashHelper) that reserves a budget and is then killed while holding it,
/// as a replica that crashes mid-call would be. Its server comes from the environment it inherits.
/// </summary>
public sealed class CrashingReservation : IDisposable
{
    private readonly Process _process;

    private CrashingReservation(Process process) => _process = process;

    /// <summary>Starts the helper and waits until it holds its reservation.</summary>
    /// <param name="store"><c>postgres</c> or <c>redis</c>.</param>
    /// <param name="location">The schema or key prefix the helper's store uses.</param>
    /// <param name="lease">The reservation's lease.</param>
    /// <param name="amountUsd">The amount reserved, on the global daily rule <c>crash</c> whose limit is the same amount.</param>
    public static async Task<CrashingReservation> StartAsync(string store, string location, TimeSpan lease, decimal amountUsd)
    {
        var helper = Path.Combine(AppContext.BaseDirectory, "AiGateway.Client.BudgetCrashHelper.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { helper, store, location, lease.TotalSeconds.ToString(CultureInfo.InvariantCulture), amountUsd.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The crash helper did not start.");
        var crashing = new CrashingReservation(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line != "reserved")
            {
                var error = await process.StandardError.ReadToEndAsync(timeout.Token);
                throw new InvalidOperationException($"The crash helper printed '{line}' instead of 'reserved'. Its error output: {error}");
            }
        }
        catch
        {
            crashing.Dispose();
            throw;
        }

        return crashing;
    }

    /// <summary>Kills the process holding the reservation, without letting it settle or release anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
