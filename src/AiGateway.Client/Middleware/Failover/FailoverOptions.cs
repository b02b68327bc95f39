using System.Collections.ObjectModel;

namespace AiGateway.Client;

/// <summary>
/// Settings of <see cref="Middleware.Failover.GatewayFailoverChatClient"/>: where to fail over to, how often and how long to retry each target,
/// and when a target that keeps failing is left alone for a while (its circuit breaker). The client validates and
/// copies them when it is built; the copy it exposes (<see cref="Middleware.Failover.GatewayFailoverChatClient.Options"/>) is read-only.
/// </summary>
public sealed class FailoverOptions
{
    private IList<FailoverTarget> _targets = [];
    private bool _failOverToDetectedGateways = true;
    private int _maxAttemptsPerTarget = 3;
    private int? _maximumAttemptsPerRequest;
    private TimeSpan _backoffBase = TimeSpan.FromSeconds(1);
    private TimeSpan _backoffMax = TimeSpan.FromSeconds(30);
    private bool _useJitter = true;
    private TimeSpan _maxRetryAfter = TimeSpan.FromSeconds(30);
    private TimeSpan? _attemptTimeout;
    private bool _useCircuitBreaker = true;
    private double _breakerFailureRatio = 0.5;
    private int _breakerMinimumThroughput = 4;
    private TimeSpan _breakerSamplingDuration = TimeSpan.FromSeconds(60);
    private TimeSpan _breakerBreakDuration = TimeSpan.FromSeconds(30);
    private bool _useNativeFallback;
    private TimeProvider? _timeProvider;
    private bool _frozen;

    /// <summary>
    /// Gets or sets the targets tried, in order, after the request's own model and its per-request fallback models
    /// (<c>options.WithFallbackModels(...)</c>). Empty by default.
    /// </summary>
    public IList<FailoverTarget> Targets { get => _targets; set => Set(ref _targets, value ?? throw new ArgumentNullException(nameof(value))); }

    /// <summary>
    /// Gets or sets a value indicating whether the request's model is finally tried on every other gateway the
    /// environment provides (in detection order, for example Netlify first, then Vercel). Default <see langword="true"/>;
    /// it has no effect when only one gateway was detected.
    /// </summary>
    public bool FailOverToDetectedGateways { get => _failOverToDetectedGateways; set => Set(ref _failOverToDetectedGateways, value); }

    /// <summary>Gets or sets how many times one target is called for one request before moving on (1 = no retries). Default 3; 1 to 10.</summary>
    public int MaxAttemptsPerTarget { get => _maxAttemptsPerTarget; set => Set(ref _maxAttemptsPerTarget, value); }

    /// <summary>
    /// Gets or sets the most calls one request may make across all targets, or <see langword="null"/> for no limit
    /// beyond <see cref="MaxAttemptsPerTarget"/> times the number of targets. Same meaning as
    /// Microsoft.Extensions.AI's <c>GatewayFailoverChatClient.MaximumAttemptsPerRequest</c>.
    /// </summary>
    public int? MaximumAttemptsPerRequest { get => _maximumAttemptsPerRequest; set => Set(ref _maximumAttemptsPerRequest, value); }

    /// <summary>Gets or sets the median delay before the first retry; later retries back off exponentially. Default 1 s.</summary>
    public TimeSpan BackoffBase { get => _backoffBase; set => Set(ref _backoffBase, value); }

    /// <summary>Gets or sets the longest computed backoff delay. Default 30 s. A gateway's <c>Retry-After</c> is governed by <see cref="MaxRetryAfter"/> instead.</summary>
    public TimeSpan BackoffMax { get => _backoffMax; set => Set(ref _backoffMax, value); }

    /// <summary>Gets or sets a value indicating whether backoff delays are randomised (decorrelated jitter) so that many clients do not retry in step. Default <see langword="true"/>.</summary>
    public bool UseJitter { get => _useJitter; set => Set(ref _useJitter, value); }

    /// <summary>
    /// Gets or sets the longest <c>Retry-After</c> (or <c>retry-after-ms</c>) the client waits for before retrying the
    /// same target. A gateway that asks for a longer wait is not retried: the request moves on to the next target.
    /// Default 30 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get => _maxRetryAfter; set => Set(ref _maxRetryAfter, value); }

    /// <summary>
    /// Gets or sets how long one attempt may take until its response (or, when streaming, its first update) arrives
    /// before it counts as a transient timeout; <see langword="null"/> (the default) leaves it to the HTTP client's timeout.
    /// </summary>
    public TimeSpan? AttemptTimeout { get => _attemptTimeout; set => Set(ref _attemptTimeout, value); }

    /// <summary>Gets or sets a value indicating whether each target has a circuit breaker. Default <see langword="true"/>.</summary>
    public bool UseCircuitBreaker { get => _useCircuitBreaker; set => Set(ref _useCircuitBreaker, value); }

    /// <summary>
    /// Gets or sets the share of failed calls to a target, within <see cref="CircuitBreakerSamplingDuration"/>, at which
    /// its circuit opens. Default 0.5; above 0, at most 1. Only transient failures count.
    /// </summary>
    public double CircuitBreakerFailureRatio { get => _breakerFailureRatio; set => Set(ref _breakerFailureRatio, value); }

    /// <summary>Gets or sets how many calls to a target the sampling window needs before the ratio is judged. Default 4; at least 2.</summary>
    public int CircuitBreakerMinimumThroughput { get => _breakerMinimumThroughput; set => Set(ref _breakerMinimumThroughput, value); }

    /// <summary>Gets or sets the window over which the failure ratio is measured. Default 60 s; at least 0.5 s.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get => _breakerSamplingDuration; set => Set(ref _breakerSamplingDuration, value); }

    /// <summary>
    /// Gets or sets the cooling-off period: how long an opened circuit skips its target before one trial call is let
    /// through (half-open). Default 30 s; at least 0.5 s.
    /// </summary>
    public TimeSpan CircuitBreakerBreakDuration { get => _breakerBreakDuration; set => Set(ref _breakerBreakDuration, value); }

    /// <summary>
    /// Gets or sets a value indicating whether the later fallback models of the same gateway are also handed to the
    /// gateway itself, for gateways with native fallback (Vercel <c>providerOptions.gateway.models</c>). Client-side
    /// failover still follows if the gateway's own fallback fails. Default <see langword="false"/>.
    /// </summary>
    public bool UseNativeFallback { get => _useNativeFallback; set => Set(ref _useNativeFallback, value); }

    /// <summary>Gets or sets the clock used for backoff delays, timeouts and the circuit breakers; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get => _timeProvider; set => Set(ref _timeProvider, value); }

    /// <summary>Checks every setting and says which one is wrong and how to fix it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="ArgumentException">The target list holds a <see langword="null"/>.</exception>
    public void Validate()
    {
        Require(MaxAttemptsPerTarget is >= 1 and <= 10, MaxAttemptsPerTarget, nameof(MaxAttemptsPerTarget), "must be between 1 (no retries) and 10");
        Require(MaximumAttemptsPerRequest is null or >= 1, MaximumAttemptsPerRequest, nameof(MaximumAttemptsPerRequest), "must be null (no limit) or at least 1");
        Require(BackoffBase > TimeSpan.Zero && BackoffBase <= TimeSpan.FromDays(1), BackoffBase, nameof(BackoffBase), "must be above zero and at most a day");
        Require(BackoffMax >= BackoffBase && BackoffMax <= TimeSpan.FromDays(1), BackoffMax, nameof(BackoffMax), "must be at least BackoffBase and at most a day");
        Require(MaxRetryAfter >= TimeSpan.Zero && MaxRetryAfter <= TimeSpan.FromDays(1), MaxRetryAfter, nameof(MaxRetryAfter), "must be zero (never wait for Retry-After) up to a day");
        Require(AttemptTimeout is null || (AttemptTimeout > TimeSpan.Zero && AttemptTimeout <= TimeSpan.FromDays(1)), AttemptTimeout, nameof(AttemptTimeout), "must be null or above zero and at most a day");

        // Polly's circuit breaker limits (https://www.pollydocs.org/strategies/circuit-breaker.html#defaults).
        Require(CircuitBreakerFailureRatio is > 0 and <= 1, CircuitBreakerFailureRatio, nameof(CircuitBreakerFailureRatio), "must be above 0 and at most 1");
        Require(CircuitBreakerMinimumThroughput >= 2, CircuitBreakerMinimumThroughput, nameof(CircuitBreakerMinimumThroughput), "must be at least 2");
        Require(CircuitBreakerSamplingDuration >= TimeSpan.FromMilliseconds(500) && CircuitBreakerSamplingDuration <= TimeSpan.FromDays(1), CircuitBreakerSamplingDuration, nameof(CircuitBreakerSamplingDuration), "must be between 0.5 s and a day");
        Require(CircuitBreakerBreakDuration >= TimeSpan.FromMilliseconds(500) && CircuitBreakerBreakDuration <= TimeSpan.FromDays(1), CircuitBreakerBreakDuration, nameof(CircuitBreakerBreakDuration), "must be between 0.5 s and a day");

        for (var i = 0; i < Targets.Count; i++)
        {
            if (Targets[i] is null)
            {
                throw new ArgumentException($"FailoverOptions.Targets[{i}] is null; remove it or use FailoverTarget.ForModel/ForGateway.", nameof(Targets));
            }
        }

        static void Require(bool ok, object? value, string name, string rule)
        {
            if (!ok)
            {
                throw new ArgumentOutOfRangeException(name, value, $"FailoverOptions.{name} {rule}; it was {value?.ToString() ?? "null"}.");
            }
        }
    }

    /// <summary>Makes a validated, read-only copy (what the client keeps).</summary>
    /// <param name="defaultClock">The clock to use when <see cref="TimeProvider"/> is not set (DI passes the registered one).</param>
    internal FailoverOptions ToFrozenCopy(TimeProvider? defaultClock = null)
    {
        Validate();
        return new FailoverOptions
        {
            _targets = new ReadOnlyCollection<FailoverTarget>(Targets.ToArray()),
            _failOverToDetectedGateways = FailOverToDetectedGateways,
            _maxAttemptsPerTarget = MaxAttemptsPerTarget,
            _maximumAttemptsPerRequest = MaximumAttemptsPerRequest,
            _backoffBase = BackoffBase,
            _backoffMax = BackoffMax,
            _useJitter = UseJitter,
            _maxRetryAfter = MaxRetryAfter,
            _attemptTimeout = AttemptTimeout,
            _useCircuitBreaker = UseCircuitBreaker,
            _breakerFailureRatio = CircuitBreakerFailureRatio,
            _breakerMinimumThroughput = CircuitBreakerMinimumThroughput,
            _breakerSamplingDuration = CircuitBreakerSamplingDuration,
            _breakerBreakDuration = CircuitBreakerBreakDuration,
            _useNativeFallback = UseNativeFallback,
            _timeProvider = TimeProvider ?? defaultClock,
            _frozen = true,
        };
    }

    private void Set<T>(ref T field, T value)
    {
        if (_frozen)
        {
            throw new InvalidOperationException(
                "These FailoverOptions belong to a GatewayFailoverChatClient that is already built and cannot change; set them in UseFailover(options => ...) or before creating the client.");
        }

        field = value;
    }
}
