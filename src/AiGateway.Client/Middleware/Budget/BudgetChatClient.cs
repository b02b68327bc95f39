using System.Globalization;
using System.Text;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Middleware.Failover;
using AiGateway.Client.Middleware.Tagging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// Middleware that keeps calls within USD budgets (<see cref="BudgetRule"/>): before a call it reserves the call's
/// worst-case cost on every rule the call matches, refusing with <see cref="BudgetExceededException"/> (and sending
/// nothing) when a rule has no room; after the call it settles the reservation to the actual cost, or releases it
/// when the call failed or was cancelled. Accounting is never lost: every reservation ends settled or released.
/// </summary>
/// <remarks>
/// <para><b>Worst case.</b> <c>CostCalculator.EstimateMaximum(model, input, maxOutput)</c> at catalog prices, where the
/// input is estimated from the request (UTF-8 bytes of its text ÷ 4 rounded up, 4 tokens per message, 3 for the
/// reply, 1,600 per image; or <see cref="BudgetOptions.InputTokenEstimator"/>) and the output is
/// <see cref="ChatOptions.MaxOutputTokens"/>, else the catalog model's <c>MaxOutputTokens</c>, else
/// <see cref="BudgetOptions.AssumedMaxOutputTokens"/>. With <see cref="BudgetOptions.MaxOutputTokens"/> set, a request
/// without a smaller <see cref="ChatOptions.MaxOutputTokens"/> is sent with that cap, so the worst case is the cap's.
/// With fallback models on the request
/// (<c>options.WithFallbackModels</c>) the dearest candidate's worst case is reserved. The model is resolved in the
/// leaf client's catalog (found with <c>GetService(typeof(IModelCatalog))</c>).</para>
/// <para><b>Actual cost.</b> <see cref="AiGatewayPropertyKeys.CostUsd"/> on the response (the gateway's report, or
/// catalog prices of the usage, set by the leaf), else <c>CostCalculator.Calculate</c> of the response's usage, else
/// (no cost and no usage reported) the worst case is kept as spent. A replayed answer (a hit of a cache such as
/// Microsoft.Extensions.AI's <c>UseDistributedCache()</c>, recognised because its facts came back through JSON) is
/// charged nothing: nothing was sent. Put the cache outside the budget to skip even the reservation.</para>
/// <para><b>Failures.</b> An exception (including a gateway 402 and cancellation) releases the whole reservation. A
/// stream that fails, is cancelled or is abandoned (its enumerator disposed early) before any update arrived is
/// released; after output began the provider has already billed for it, so it settles to the reported cost or usage
/// if seen, else to an estimate: the estimated input plus the output received (UTF-8 bytes ÷ 4), at catalog prices,
/// at most the reservation.</para>
/// <para><b>Attribution.</b> User and tag rules see the tags and user the request will carry: when a
/// <see cref="TaggingChatClient"/> is further in, what it would merge; otherwise the request's own and the ambient
/// <see cref="AiGatewayScope"/>'s. Per-user rules do not count calls without a user: such a call is refused when
/// <see cref="BudgetOptions.CallsWithoutUser"/> is <see cref="MissingUserBehavior.Refuse"/>, else sent with a warning
/// logged once.</para>
/// <para><b>Leases.</b> Each reservation has a lease (<see cref="BudgetOptions.ReservationLease"/>) that the middleware
/// renews every third of it (one ticker per middleware, on the configured <see cref="TimeProvider"/>) while the call is
/// in flight: a whole call until its answer arrives; a stream while it is being read (the caller is waiting on the next
/// update, or read one since the last renewal). It stops renewing when the call settles or is released, and for good
/// at the second or a later tick that finds a stream not read since the tick before (an enumerator abandoned without
/// being disposed): within two thirds of a lease. If the process dies or a
/// stream is abandoned, the reservation expires one lease after its last renewal and stops counting; if the call
/// finishes after that, its settle still records the actual cost once.</para>
/// <para><b>Store failures.</b> A store that fails to reserve fails the call (budgets fail closed). One that fails to
/// settle or release is logged; the reservation keeps counting at its worst case until its lease runs out.</para>
/// <para>The work is split by concern: <c>BudgetAttribution</c> (who a call is charged to),
/// <c>BudgetCostEstimator</c> (worst cases), <c>BudgetLedger</c> (matching rules, reserve, settle, release; shared
/// with the embedding and image middleware), <c>BudgetLeaseRenewal</c> (with <c>BudgetLeaseTicker</c>), <c>BudgetStreamObservation</c> and
/// <c>BudgetResponseFacts</c>.</para>
/// </remarks>
public partial class BudgetChatClient : DelegatingChatClient
{
    private readonly BudgetLedger _ledger;
    private readonly ILogger _logger;
    private readonly int _assumedMaxOutputTokens;
    private readonly int? _maxOutputTokens;
    private readonly TimeSpan _lease;
    private readonly MissingUserBehavior _callsWithoutUser;
    private int _warnedWithoutUser;
    private readonly Action<BudgetThresholdReached>? _onThresholdReached;
    private readonly Func<IEnumerable<ChatMessage>, ChatOptions?, long>? _inputTokenEstimator;
    private InnerServices? _innerServices;
    private readonly BudgetLeaseTicker _leaseTicker;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The client to send through.</param>
    /// <param name="options">The rules and settings.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">Two rules share a name, a threshold is not positive, an output bound is not positive, or the lease is shorter than one second.</exception>
    public BudgetChatClient(IChatClient innerClient, BudgetOptions options, ILoggerFactory? loggerFactory = null)
        : this(innerClient, options, null, null, loggerFactory)
    {
    }

    /// <summary>Creates the middleware with a store and clock found outside the options (DI), used when the options name none.</summary>
    internal BudgetChatClient(IChatClient innerClient, BudgetOptions options, IBudgetStore? fallbackStore, TimeProvider? fallbackTimeProvider, ILoggerFactory? loggerFactory)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.AssumedMaxOutputTokens, "options.AssumedMaxOutputTokens");
        if (options.MaxOutputTokens is { } cap)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cap, "options.MaxOutputTokens");
        }

        if (options.ReservationLease < BudgetReservation.MinimumLease)
        {
            throw new ArgumentOutOfRangeException("options.ReservationLease", options.ReservationLease, "A budget reservation's lease must last at least one second (default 15 minutes).");
        }

        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BudgetChatClient>();
        _onThresholdReached = options.OnThresholdReached;
        _ledger = new BudgetLedger(options, fallbackStore, fallbackTimeProvider, _logger, notice => OnThresholdReached(notice));
        _assumedMaxOutputTokens = options.AssumedMaxOutputTokens;
        _maxOutputTokens = options.MaxOutputTokens;
        _lease = options.ReservationLease;
        _leaseTicker = new BudgetLeaseTicker(_ledger.TimeProvider, _lease / 3);
        _callsWithoutUser = options.CallsWithoutUser;
        _inputTokenEstimator = options.InputTokenEstimator;
    }

    /// <summary>Gets the store reservations and spend are kept in.</summary>
    public IBudgetStore Store => _ledger.Store;

    /// <summary>Gets the rules.</summary>
    public IReadOnlyList<BudgetRule> Rules => _ledger.Rules;

    /// <summary>Gets what a rule's bucket holds in its current window.</summary>
    /// <param name="ruleName">The rule's name.</param>
    /// <param name="scopeKey">The bucket: empty for a global rule, else the user id, tag or canonical model id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The usage.</returns>
    /// <exception cref="ArgumentException">No rule has that name.</exception>
    public ValueTask<BudgetUsage> GetUsageAsync(string ruleName, string scopeKey = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ruleName);
        ArgumentNullException.ThrowIfNull(scopeKey);
        return Store.GetUsageAsync(_ledger.Find(ruleName), scopeKey, _ledger.TimeProvider.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// When the store and the inner client answer at once (the in-memory store, a cached or in-memory answer), the call
    /// is reserved, made and settled without an async state machine, and the inner client's task is returned as it is.
    /// </remarks>
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            return Task.FromException<ChatResponse>(new ArgumentNullException(nameof(messages)));
        }

        options = ApplyOutputCap(options);
        ValueTask<ActiveCall?> reserving;
        try
        {
            reserving = ReserveAsync(messages, options, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<ChatResponse>(ex);
        }

        if (!reserving.IsCompletedSuccessfully)
        {
            return CallWhenReservedAsync(reserving, messages, options, cancellationToken);
        }

        var call = reserving.Result;
        if (call is null)
        {
            return base.GetResponseAsync(messages, options, cancellationToken);
        }

        var answering = CallReserved(call, messages, options, cancellationToken);
        if (!answering.IsCompletedSuccessfully)
        {
            return SettleWhenAnsweredAsync(call, answering);
        }

        var settling = Settle(call, answering.Result);
        return settling.IsCompletedSuccessfully ? answering : ReturnWhenSettledAsync(settling, answering.Result);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new BudgetedStream(this, messages, options, cancellationToken);

    /// <summary>Estimates the input tokens of a request (the built-in estimate, or <see cref="BudgetOptions.InputTokenEstimator"/>).</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>The estimated input tokens.</returns>
    protected virtual long EstimateInputTokens(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        _inputTokenEstimator?.Invoke(messages, options) ?? InputTokenEstimate.Estimate(messages, options);

    /// <summary>
    /// Called when settled spend crosses one of <see cref="BudgetOptions.Thresholds"/>; the default calls
    /// <see cref="BudgetOptions.OnThresholdReached"/>. Exceptions are logged, never surfaced to the call.
    /// </summary>
    /// <param name="notice">What was crossed.</param>
    protected virtual void OnThresholdReached(BudgetThresholdReached notice) => _onThresholdReached?.Invoke(notice);

    private InnerServices Services => _innerServices ??= new InnerServices(
        InnerClient.GetService(typeof(IModelCatalog)) as IModelCatalog,
        (InnerClient.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId,
        InnerClient.GetService(typeof(IRequestAttributionSource<ChatOptions>)) as IRequestAttributionSource<ChatOptions>,
        // Failover below this layer may answer with any of its configured models: the worst case must cover them.
        (InnerClient.GetService(typeof(IFailoverCandidates)) as IFailoverCandidates)?.CandidateModels ?? []);

    private async Task<ChatResponse> CallWhenReservedAsync(ValueTask<ActiveCall?> reserving, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (await reserving.ConfigureAwait(false) is not { } call)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        return await SettleWhenAnsweredAsync(call, CallReserved(call, messages, options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Calls the inner client for a reserved call; a synchronous throw comes back as a faulted task, so the reservation is released the same way.</summary>
    private Task<ChatResponse> CallReserved(ActiveCall call, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        // In flight until it answers: the lease is renewed the whole time.
        call.Renewal?.Enter();
        try
        {
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<ChatResponse>(ex);
        }
    }

    private async Task<ChatResponse> SettleWhenAnsweredAsync(ActiveCall call, Task<ChatResponse> answering)
    {
        ChatResponse response;
        try
        {
            response = await answering.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await ReleaseAsync(call, BudgetLedger.Describe(ex)).ConfigureAwait(false);
            throw;
        }

        await Settle(call, response).ConfigureAwait(false);
        return response;
    }

    private static async Task<ChatResponse> ReturnWhenSettledAsync(ValueTask settling, ChatResponse response)
    {
        await settling.ConfigureAwait(false);
        return response;
    }

    /// <summary>Settles a whole answer at its actual cost.</summary>
    private ValueTask Settle(ActiveCall call, ChatResponse response)
    {
        var (cost, source) = ActualCost(call, BudgetResponseFacts.Of(response.AdditionalProperties), response.Usage);
        return SettleAsync(call, cost, source);
    }

    /// <remarks>A store that answers at once (the in-memory one) is answered without an async state machine.</remarks>
    private ValueTask<ActiveCall?> ReserveAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (_ledger.IsEmpty)
        {
            return default;
        }

        var services = Services;
        var attribution = BudgetAttribution.Of(services.Tagging, options, options.GetTags(), options.GetUser());
        var modelId = options?.ModelId ?? services.DefaultModelId;
        var model = modelId is null ? null : services.Catalog?.Resolve(modelId);
        var modelKey = model?.Id ?? modelId;
        var charges = _ledger.Match(attribution, modelKey, model, services.Catalog);
        if (attribution.User is null && _ledger.FirstUserRule() is { } userRule)
        {
            if (_callsWithoutUser == MissingUserBehavior.Refuse)
            {
                throw new BudgetExceededException(
                    $"Budget rule '{userRule.Name}' limits spend per user, this call carries no user, and BudgetOptions.CallsWithoutUser is Refuse; it was not sent. Call options.WithUser(\"<user id>\") on the request (or set the user through an AiGatewayScope or the tagging middleware's default user).")
                {
                    RuleName = userRule.Name,
                    LimitUsd = userRule.LimitUsd,
                    ModelId = modelKey,
                };
            }

            if (Interlocked.Exchange(ref _warnedWithoutUser, 1) == 0)
            {
                AiGatewayLog.BudgetCallWithoutUser(_logger, userRule.Name);
            }
        }

        if (charges.Count == 0)
        {
            return default;
        }

        var inputTokens = Math.Max(0, EstimateInputTokens(messages, options));
        var amount = BudgetCostEstimator.WorstCase(model, services.Catalog, options.GetFallbackModels(), services.FailoverModels, inputTokens, options?.MaxOutputTokens, _assumedMaxOutputTokens);
        if (amount is null)
        {
            if (_ledger.UnpricedModels == UnpricedModelBehavior.Refuse)
            {
                throw new BudgetExceededException(
                    $"Model '{modelKey ?? "(none)"}' has no catalog prices, so the worst-case cost of the call cannot be bounded, and BudgetOptions.UnpricedModels is Refuse; it was not sent. Add prices for the model to the catalog, use a priced model, or set UnpricedModels to ReserveZero.")
                {
                    RuleName = charges[0].Rule.Name,
                    LimitUsd = charges[0].Rule.LimitUsd,
                    ModelId = modelKey,
                };
            }

            _ledger.NoteUnpriced(modelKey);
            amount = 0m;
        }

        var reservation = _ledger.NewReservation(charges, amount.Value, _lease);
        var pending = _ledger.TryReserveAsync(reservation, cancellationToken);
        return pending.IsCompletedSuccessfully
            ? new ValueTask<ActiveCall?>(Reserved(pending.Result, reservation, model, modelKey, inputTokens))
            : AwaitReservedAsync(pending, reservation, model, modelKey, inputTokens);
    }

    private async ValueTask<ActiveCall?> AwaitReservedAsync(ValueTask<BudgetReservationResult> pending, BudgetReservation reservation, CatalogModel? model, string? modelKey, long inputTokens) =>
        Reserved(await pending.ConfigureAwait(false), reservation, model, modelKey, inputTokens);

    private ActiveCall Reserved(BudgetReservationResult result, BudgetReservation reservation, CatalogModel? model, string? modelKey, long inputTokens)
    {
        if (!result.IsReserved)
        {
            throw Refused(result.RefusedBy!, result.RefusedUsage!, reservation, modelKey);
        }

        _ledger.LogReserved(reservation, modelKey);
        return new ActiveCall(reservation, model, inputTokens) { Renewal = new BudgetLeaseRenewal(Store, reservation, _leaseTicker, _logger) };
    }

    private BudgetExceededException Refused(BudgetCharge charge, BudgetUsage usage, BudgetReservation reservation, string? modelKey)
    {
        var rule = charge.Rule;
        _ledger.LogRefused(charge, usage, reservation, modelKey);
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Budget rule '{rule.Name}' ({BudgetLedger.Scope(charge)}, {rule.Window}) has {Usd(usage.TotalUsd)} spent or reserved of its {Usd(rule.LimitUsd)} limit, ")
            .Append(CultureInfo.InvariantCulture, $"and this call to '{modelKey ?? "(none)"}' may cost up to {Usd(reservation.AmountUsd)}; it was not sent. ");
        if (reservation.AmountUsd > rule.LimitUsd)
        {
            message.Append("The call alone exceeds the limit. ");
        }

        message.Append(usage.WindowResetsAt is { } resets
            ? string.Create(CultureInfo.InvariantCulture, $"The window resets at {resets:yyyy-MM-dd HH:mm:ss}Z. ")
            : string.Empty);
        message.Append("Lower ChatOptions.MaxOutputTokens, shorten the request, raise the limit, or wait for the window to reset.");
        return new BudgetExceededException(message.ToString())
        {
            RuleName = rule.Name,
            SpentUsd = usage.TotalUsd,
            LimitUsd = rule.LimitUsd,
            RequestedUsd = reservation.AmountUsd,
            WindowResetsAt = usage.WindowResetsAt,
            ModelId = modelKey,
        };
    }

    private (decimal Cost, string Source) ActualCost(ActiveCall call, BudgetResponseFacts facts, UsageDetails? usage)
    {
        if (facts.IsReplayed)
        {
            // A replayed answer (a cache hit: its facts came back through JSON) cost nothing now.
            return (0m, "nothing (a replayed answer, such as a cache hit)");
        }

        if (facts.Cost is { } cost)
        {
            return (cost, "the reported cost");
        }

        if (usage is not null && AnsweringModel(call, facts) is { } model && CostCalculator.Calculate(model, usage) is { } calculated)
        {
            return (calculated, "usage at catalog prices");
        }

        AiGatewayLog.BudgetNoUsageReported(_logger, call.Reservation.Id, call.Reservation.AmountUsd);
        return (call.Reservation.AmountUsd, "the worst case (no cost or usage reported)");
    }

    /// <summary>The model that answered (failover may have moved to another), else the one reserved for.</summary>
    private CatalogModel? AnsweringModel(ActiveCall call, BudgetResponseFacts facts) =>
        facts.CatalogModel is { } modelId
            && Services.Catalog is { } catalog && catalog.TryFind(modelId, out var answered)
            ? answered
            : call.Model;

    private ValueTask CloseStreamAsync(ActiveCall call, BudgetStreamObservation observed, bool completed, string outcome)
    {
        if (!completed && !observed.AnyUpdate)
        {
            return ReleaseAsync(call, outcome);
        }

        if (completed || observed.Facts.HasCost || observed.Usage is not null)
        {
            var (cost, source) = ActualCost(call, observed.Facts, observed.Usage);
            return SettleAsync(call, cost, source);
        }

        // Output began, so the provider billed for the input and what it generated: estimate what was received.
        var model = AnsweringModel(call, observed.Facts);
        var estimate = BudgetCostEstimator.Estimate(model, call.InputTokens, observed.OutputTokens);
        estimate = Math.Min(estimate, Math.Max(call.Reservation.AmountUsd, 0m));
        AiGatewayLog.BudgetStreamSettledByEstimate(_logger, call.Reservation.Id, outcome, estimate);
        return SettleAsync(call, estimate, "an estimate of the output received");
    }

    private ValueTask SettleAsync(ActiveCall call, decimal cost, string source)
    {
        // Renewal stops first, so no renewal lands after the settle; both usually finish at once.
        var stopping = call.StopRenewingAsync();
        return stopping.IsCompletedSuccessfully ? _ledger.SettleAsync(call.Reservation, cost, source) : SettleAfterAsync(stopping, call, cost, source);
    }

    private async ValueTask SettleAfterAsync(ValueTask stopping, ActiveCall call, decimal cost, string source)
    {
        await stopping.ConfigureAwait(false);
        await _ledger.SettleAsync(call.Reservation, cost, source).ConfigureAwait(false);
    }

    private async ValueTask ReleaseAsync(ActiveCall call, string reason)
    {
        await call.StopRenewingAsync().ConfigureAwait(false);
        await _ledger.ReleaseAsync(call.Reservation, reason).ConfigureAwait(false);
    }

    private static string Usd(decimal amount) => string.Create(CultureInfo.InvariantCulture, $"${amount:0.00####}");

    private sealed record InnerServices(IModelCatalog? Catalog, string? DefaultModelId, IRequestAttributionSource<ChatOptions>? Tagging, IReadOnlyList<string> FailoverModels);

    /// <summary>The request's options with <see cref="BudgetOptions.MaxOutputTokens"/> applied (a copy; the caller's are never changed).</summary>
    private ChatOptions? ApplyOutputCap(ChatOptions? options)
    {
        if (_maxOutputTokens is not { } cap || options?.MaxOutputTokens <= cap)
        {
            return options;
        }

        var capped = options?.Clone() ?? new ChatOptions();
        capped.MaxOutputTokens = cap;
        return capped;
    }

    private sealed record ActiveCall(BudgetReservation Reservation, CatalogModel? Model, long InputTokens)
    {
        public BudgetLeaseRenewal? Renewal { get; init; }

        public ValueTask StopRenewingAsync() => Renewal?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
