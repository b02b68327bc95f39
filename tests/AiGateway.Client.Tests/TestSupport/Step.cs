namespace AiGateway.Client.Tests.TestSupport;

/// <summary>One scripted behaviour: fail before any output, answer (in chunks when streaming), hang until cancelled, or fail mid-stream.</summary>
public sealed class Step
{
    private readonly Exception? _failBefore;
    private readonly bool _hang;

    private Step(Exception? failBefore, bool hang, IReadOnlyList<string> chunks, Exception? failAfterFirst)
    {
        _failBefore = failBefore;
        _hang = hang;
        Chunks = chunks;
        FailAfterFirst = failAfterFirst;
    }

    public IReadOnlyList<string> Chunks { get; }

    public Exception? FailAfterFirst { get; }

    /// <summary>Completes when the call has started (for tests that cancel a call in flight).</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Step Fail(Exception exception) => new(exception, false, [], null);

    public static Step Reply(params string[] chunks) => new(null, false, chunks.Length == 0 ? ["ok"] : chunks, null);

    public static Step Hang() => new(null, true, ["late"], null);

    public static Step StreamThenFail(string first, Exception exception) => new(null, false, [first], exception);

    public static Step Empty() => new(null, false, [], null);

    internal async Task BeforeFirstAsync(CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        if (_hang)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        // Yield so that failures surface asynchronously, as over a network.
        await Task.Yield();
        if (_failBefore is not null)
        {
            throw _failBefore;
        }
    }
}
