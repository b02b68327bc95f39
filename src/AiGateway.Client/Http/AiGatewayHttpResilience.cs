using System.Net;
using AiGateway.Client.Errors;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AiGateway.Client.Http;

/// <summary>
/// The HTTP-level resilience of the client's own HTTP pipeline (Microsoft.Extensions.Http.Resilience): a retry of
/// transient failures that honours <c>Retry-After</c>, outside a per-attempt time-to-first-byte timeout.
/// </summary>
/// <remarks>
/// One place decides how many requests a failing call makes. Without <c>UseFailover()</c> that is this retry
/// (<see cref="AiGatewayOptions.MaxRetries"/>). With it, the leaf marks every request
/// (<see cref="RetriesDecidedByFailover"/>) and such requests go through a second instance of the pipeline that has no
/// retry (<see cref="SelectInstance"/>): failover retries and moves between targets with knowledge the HTTP layer lacks
/// (the error body's code, Google's <c>RetryInfo</c>, whether a stream has started), so the two never multiply, and a
/// request under failover does not pay for a retry strategy that would only stand aside. The time-to-first-byte bound
/// applies either way. Other requests on the same HTTP client (embeddings, a pipeline without failover) keep the retry.
/// </remarks>
internal static class AiGatewayHttpResilience
{
    /// <summary>The name of the resilience handler on the named HTTP client.</summary>
    public const string PipelineName = "AiGateway";

    /// <summary>Set on a request when a failover layer above the leaf decides retries.</summary>
    public static readonly HttpRequestOptionsKey<bool> RetriesDecidedByFailover = new("AiGateway.RetriesDecidedByFailover");

    /// <summary>The pipeline instance of requests whose retries a failover layer decides: the time-to-first-byte timeout alone.</summary>
    public const string FailoverInstance = "failover";

    /// <summary>The pipeline instance of every other request: retry and time-to-first-byte timeout.</summary>
    public const string DefaultInstance = "default";

    /// <summary>The pipeline instance a request goes through: <see cref="FailoverInstance"/> when the leaf marked it (<see cref="RetriesDecidedByFailover"/>).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The instance name.</returns>
    public static string SelectInstance(HttpRequestMessage request) =>
        request.Options.TryGetValue(RetriesDecidedByFailover, out var decidedByFailover) && decidedByFailover ? FailoverInstance : DefaultInstance;

    /// <summary>
    /// Adds the retry (when <see cref="AiGatewayOptions.MaxRetries"/> is above zero, outside <see cref="FailoverInstance"/>)
    /// and the time-to-first-byte timeout.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="instanceName">The pipeline instance being built (see <see cref="SelectInstance"/>).</param>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, AiGatewayOptions options, string? instanceName = null)
    {
        var timeProvider = options.TimeProvider ?? TimeProvider.System;
        builder.TimeProvider = timeProvider;
        if (options.MaxRetries > 0 && instanceName != FailoverInstance)
        {
            var maxDelay = options.MaxRetryDelay;
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = maxDelay,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ShouldRetryAsync(args, timeProvider, maxDelay),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Result is { } response && ErrorResponseReader.ReadRetryAfter(response.Headers, timeProvider) is { } wait
                        ? Clamp(wait, maxDelay)
                        : null),
                OnRetry = static args =>
                {
                    // The failed response is replaced by the next attempt's: free its connection now.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        if (options.TimeToFirstByte != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.TimeToFirstByte });
        }
    }

    /// <summary>
    /// Builds the pipelines for a client that owns its <see cref="HttpClient"/> (created without DI): each request goes
    /// through the instance <see cref="SelectInstance"/> names, as in the DI registration.
    /// </summary>
    /// <param name="options">The client's options.</param>
    /// <returns>The pipeline of each request.</returns>
    public static Func<HttpRequestMessage, ResiliencePipeline<HttpResponseMessage>> Build(AiGatewayOptions options)
    {
        var withRetry = Build(options, DefaultInstance);
        var withoutRetry = Build(options, FailoverInstance);
        return request => ReferenceEquals(SelectInstance(request), FailoverInstance) ? withoutRetry : withRetry;
    }

    private static ResiliencePipeline<HttpResponseMessage> Build(AiGatewayOptions options, string instanceName)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { InstanceName = instanceName };
        Configure(builder, options, instanceName);
        return builder.Build();
    }

    /// <summary>Checks the options this layer reads, naming the setting and the fix.</summary>
    /// <param name="options">The options.</param>
    /// <returns>What is wrong, or <see langword="null"/>.</returns>
    public static string? Validate(AiGatewayOptions options)
    {
        if (options.MaxRetries is < 0 or > 10)
        {
            return $"AiGateway:MaxRetries is {options.MaxRetries}; it must be between 0 (no HTTP-level retry) and 10.";
        }

        if (options.TimeToFirstByte != Timeout.InfiniteTimeSpan && (options.TimeToFirstByte <= TimeSpan.Zero || options.TimeToFirstByte > TimeSpan.FromDays(1)))
        {
            return $"AiGateway:TimeToFirstByte is {options.TimeToFirstByte}; it must be above zero and at most a day, or Timeout.InfiniteTimeSpan for no bound.";
        }

        if (options.MaxRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay > TimeSpan.FromHours(1))
        {
            return $"AiGateway:MaxRetryDelay is {options.MaxRetryDelay}; it must be above zero and at most an hour.";
        }

        return null;
    }

    private static TimeSpan Clamp(TimeSpan wait, TimeSpan max) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;

    private static async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args, TimeProvider timeProvider, TimeSpan maxDelay)
    {
        if (args.Outcome.Exception is { } exception)
        {
            // The caller's own cancellation is never retried; a connection failure or our per-attempt timeout is.
            return exception is HttpRequestException or TimeoutRejectedException && !args.Context.CancellationToken.IsCancellationRequested;
        }

        if (args.Outcome.Result is not { } response)
        {
            return false;
        }

        switch ((int)response.StatusCode)
        {
            case (int)HttpStatusCode.RequestTimeout:
            case (int)HttpStatusCode.InternalServerError:
            case (int)HttpStatusCode.BadGateway:
            case (int)HttpStatusCode.ServiceUnavailable:
            case (int)HttpStatusCode.GatewayTimeout:
            case 529: // Anthropic: overloaded.
                break;
            case (int)HttpStatusCode.TooManyRequests:
                // An exhausted quota or billing limit also answers 429; sending again cannot help
                // (https://platform.openai.com/docs/guides/error-codes#api-errors). Error bodies are small: reading buffers
                // the content, so the leaf reads the same bytes again when the 429 reaches it.
                byte[] body;
                try
                {
                    body = await response.Content.ReadAsByteArrayAsync(args.Context.CancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
                {
                    // A body that breaks here is not retried: the leaf reads the response and maps the failure to the
                    // exception family with the 429's status.
                    return false;
                }

                if (ErrorResponseReader.IsQuotaExhausted(body))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        // A server that asks for a longer wait than we are willing to sleep gets its answer back at once, with its
        // Retry-After on the exception, so the caller (or failover) can decide.
        return ErrorResponseReader.ReadRetryAfter(response.Headers, timeProvider) is not { } wait || wait <= maxDelay;
    }
}
