using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AiGateway.Client.Tests.Reliability.Fuzz;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace AiGateway.Client.Tests.Reliability;

/// <summary>
/// Seeded mutation fuzzing of every recorded fixture in all four dialects, whole and streamed, through the real leaf
/// client: whatever the server sends, the caller sees an answer or an <see cref="AiGatewayException"/>, never a raw
/// runtime exception, and every case ends within a bound enforced by cancellation (a hang fails the test).
/// A share of the cases is sent back as an error status with a hostile retry hint, to fuzz the error reader too.
/// </summary>
/// <remarks>
/// The seed is fixed so the run is the same every time; set <c>AIGATEWAY_FUZZ_SEED</c> to explore others and
/// <c>AIGATEWAY_FUZZ_CASES</c> to change the number of mutations per recorded body (default 120). A failure prints the
/// seed, the fixture, the case number and the mutations, which replay it exactly.
/// </remarks>
public sealed class FixtureMutationFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 11_2026;
    private const int DefaultCasesPerInput = 120;

    /// <summary>Generous on a loaded two-core machine; an in-memory case takes well under a millisecond.</summary>
    private static readonly TimeSpan CaseBound = TimeSpan.FromSeconds(10);

    private static readonly HttpStatusCode[] ErrorStatuses =
        [HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable, (HttpStatusCode)529];

    private static readonly (string Name, string Value)[] RetryHints =
    [
        ("retry-after-ms", "1e300"), ("retry-after-ms", "Infinity"), ("retry-after-ms", "-Infinity"), ("retry-after-ms", "NaN"),
        ("retry-after-ms", "-5"), ("retry-after-ms", "12.5"), ("Retry-After", "99999999999999999999"), ("Retry-After", "-1"),
        ("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"), ("Retry-After", "Mon, 01 Jan 0001 00:00:00 GMT"), ("Retry-After", "soon"), ("Retry-After", "3"),
    ];

    public static TheoryData<ChatDialect> Dialects => new(Enum.GetValues<ChatDialect>());

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Mutated_recorded_answers_end_in_an_answer_or_the_exception_family(ChatDialect dialect)
    {
        var seed = Setting("AIGATEWAY_FUZZ_SEED", DefaultSeed);
        var casesPerInput = Setting("AIGATEWAY_FUZZ_CASES", DefaultCasesPerInput);
        var inputs = FuzzInput.Load(dialect);
        Assert.NotEmpty(inputs);

        var handler = new FuzzHandler();
        using var client = new TestGateway().CreateClient(handler);
        var options = new ChatOptions().WithDialect(dialect);
        var failures = new List<string>();
        var cases = 0;
        var clock = Stopwatch.StartNew();
        for (var input = 0; input < inputs.Count; input++)
        {
            for (var n = -1; n < casesPerInput && failures.Count < 10; n++)
            {
                // Case -1 replays the recording unchanged; every other case is a pure function of (seed, input, n).
                var random = new Random(unchecked((seed * 7919) + (input * 104_729) + n));
                var applied = new StringBuilder();
                var body = n < 0 ? inputs[input].Body : Mutator.Mutate(inputs[input].Body, inputs[input].Streamed, random, applied);
                Arrange(handler, inputs[input], body, random, applied, mutateStatus: n >= 0);
                cases++;
                var failure = await RunCaseAsync(client, options, inputs[input].Streamed);
                if (failure is not null)
                {
                    failures.Add($"seed {seed}, {inputs[input].Name}, case {n}: {failure}{Environment.NewLine}    mutations: {applied}{Environment.NewLine}    body: {Preview(body)}");
                }
            }
        }

        output.WriteLine($"{dialect}: {cases} cases over {inputs.Count} recorded bodies, seed {seed}, {clock.Elapsed.TotalSeconds:0.0}s.");
        Assert.True(failures.Count == 0, $"{failures.Count} case(s) escaped the exception family or its bound (seed {seed}; set AIGATEWAY_FUZZ_SEED to replay):{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    private static void Arrange(FuzzHandler handler, FuzzInput input, byte[] body, Random random, StringBuilder applied, bool mutateStatus)
    {
        handler.Body = body;
        handler.Status = (HttpStatusCode)input.Status;
        handler.Header = null;
        handler.ContentType = input.Streamed ? "text/event-stream" : "application/json";
        handler.ChunkSeed = input.Streamed ? random.Next() : null;
        if (mutateStatus && random.Next(6) == 0)
        {
            handler.Status = ErrorStatuses[random.Next(ErrorStatuses.Length)];
            handler.Header = random.Next(2) == 0 ? RetryHints[random.Next(RetryHints.Length)] : null;
            applied.Append($"status {(int)handler.Status} {handler.Header}; ");
        }
    }

    /// <summary>Runs one case under the bound; returns what went wrong, or <see langword="null"/>.</summary>
    private static async Task<string?> RunCaseAsync(AiGatewayChatClient client, ChatOptions options, bool streamed)
    {
        using var bound = new CancellationTokenSource(CaseBound);

        // On the thread pool, so a reader that spins without awaiting cannot stop the bound from firing.
        var run = Task.Run(
            async () =>
            {
                if (streamed)
                {
                    await foreach (var update in client.GetStreamingResponseAsync("Hi", options, bound.Token))
                    {
                        _ = update.Text;
                    }
                }
                else
                {
                    _ = (await client.GetResponseAsync("Hi", options, bound.Token)).Text;
                }
            },
            CancellationToken.None);
        try
        {
            await run.WaitAsync(CaseBound * 2);
            return null;
        }
        catch (TimeoutException)
        {
            return $"did not end within {CaseBound.TotalSeconds * 2:0}s although cancelled after {CaseBound.TotalSeconds:0}s (a hang)";
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            return $"did not end within {CaseBound.TotalSeconds:0}s (cancelled by the case bound)";
        }
        catch (AiGatewayException ex)
        {
            return string.IsNullOrWhiteSpace(ex.Message) ? "an AiGatewayException without a message"
                : ex.ToString().Contains(TestGateway.Key, StringComparison.Ordinal) ? "the exception leaked the API key"
                : null;
        }
        catch (Exception ex)
        {
            return $"escaped as {ex.GetType().FullName}: {ex.Message}{Environment.NewLine}    at {ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}";
        }
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string Preview(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300))).ReplaceLineEndings("⏎");
        return body.Length > 300 ? text + "…" : text;
    }
}
