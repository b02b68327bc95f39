// Why this file is long: reserve, lease renewal, settle and release share one ActiveCall across whole and streamed calls (including streams abandoned early); splitting out attribution and cost estimation is issue 10 item 2, not yet done.
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
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
/// renews every third of it (on the configured <see cref="TimeProvider"/>) while the call is in flight: a whole call
/// until its answer arrives; a stream while it is being read (the caller is waiting on the next update, or read one
/// since the last renewal). It stops renewing when the call settles or is released, and for good once a stream has
/// not been read for a third of the lease (an enumerator abandoned without being disposed). If the process dies or a
/// stream is abandoned, the reservation expires one lease after its last renewal and stops counting; if the call
/// finishes after that, its settle still records the actual cost once.</para>
/// <para><b>Store failures.</b> A store that fails to reserve fails the call (budgets fail closed). One that fails to
/// settle or release is logged; the reservation keeps counting at its worst case until its lease runs out.</para>
/// </remarks>
public class BudgetChatClient : DelegatingChatClient
{
    private readonly BudgetRule[] _rules;
    private readonly decimal[] _thresholds;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _assumedMaxOutputTokens;
    private readonly int? _maxOutputTokens;
    private readonly TimeSpan _lease;
    private readonly MissingUserBehavior _callsWithoutUser;
    private int _warnedWithoutUser;
    private readonly UnpricedModelBehavior _unpricedModels;
    private readonly Action<BudgetThresholdReached>? _onThresholdReached;
    private readonly Func<IEnumerable<ChatMessage>, ChatOptions?, long>? _inputTokenEstimator;
    private readonly ConcurrentDictionary<string, byte> _unpricedWarned = new(StringComparer.OrdinalIgnoreCase);
    private InnerServices? _innerServices;

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

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in options.Rules)
        {
            ArgumentNullException.ThrowIfNull(rule, "options.Rules");
            if (!names.Add(rule.Name))
            {
                throw new ArgumentException($"Two budget rules are named '{rule.Name}'; rule names must be unique, since spend is kept per rule name.", nameof(options));
            }
        }

        foreach (var threshold in options.Thresholds)
        {
            if (threshold <= 0)
            {
                throw new ArgumentException($"Budget threshold {threshold} is not a positive fraction of the limit (use 0.8 for 80%).", nameof(options));
            }
        }

        _rules = [.. options.Rules];
        _thresholds = [.. options.Thresholds.Distinct().Order()];
        _timeProvider = options.TimeProvider ?? fallbackTimeProvider ?? TimeProvider.System;
        Store = options.Store ?? fallbackStore ?? new InMemoryBudgetStore(_timeProvider);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BudgetChatClient>();
        _assumedMaxOutputTokens = options.AssumedMaxOutputTokens;
        _maxOutputTokens = options.MaxOutputTokens;
        _lease = options.ReservationLease;
        _callsWithoutUser = options.CallsWithoutUser;
        _unpricedModels = options.UnpricedModels;
        _onThresholdReached = options.OnThresholdReached;
        _inputTokenEstimator = options.InputTokenEstimator;
    }

    /// <summary>Gets the store reservations and spend are kept in.</summary>
    public IBudgetStore Store { get; }

    /// <summary>Gets the rules.</summary>
    public IReadOnlyList<BudgetRule> Rules => _rules;

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
        var rule = Array.Find(_rules, r => string.Equals(r.Name, ruleName, StringComparison.Ordinal))
            ?? throw new ArgumentException($"No budget rule is named '{ruleName}'. Rules: {string.Join(", ", _rules.Select(r => r.Name))}.", nameof(ruleName));
        return Store.GetUsageAsync(rule, scopeKey, _timeProvider.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        options = ApplyOutputCap(options);
        var call = await ReserveAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (call is null)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        ChatResponse response;
        try
        {
            // In flight until it answers: the lease is renewed the whole time.
            call.Renewal?.Enter();
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await ReleaseAsync(call, Describe(ex)).ConfigureAwait(false);
            throw;
        }

        var (cost, source) = ActualCost(call, response.AdditionalProperties, response.Usage);
        await SettleAsync(call, cost, source).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        options = ApplyOutputCap(options);
        var call = await ReserveAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (call is null)
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var observed = new StreamObservation();
        var outcome = "was abandoned";
        var completed = false;
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            try
            {
                updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            }
            catch (Exception ex)
            {
                outcome = Describe(ex);
                throw;
            }

            while (true)
            {
                bool more;
                call.Renewal?.Enter();
                try
                {
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    outcome = Describe(ex);
                    throw;
                }
                finally
                {
                    call.Renewal?.Exit();
                }

                if (!more)
                {
                    break;
                }

                observed.Observe(updates.Current);
                yield return updates.Current;
            }

            completed = true;
        }
        finally
        {
            try
            {
                if (updates is not null)
                {
                    await updates.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                await CloseStreamAsync(call, observed, completed, outcome).ConfigureAwait(false);
            }
        }
    }

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
        InnerClient.GetService(typeof(TaggingChatClient)) as TaggingChatClient,
        // Failover below this layer may answer with any of its configured models: the worst case must cover them.
        (InnerClient.GetService(typeof(GatewayFailoverChatClient)) as GatewayFailoverChatClient)?.Options.Targets
            .Select(t => t.ModelId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray() ?? []);

    private async ValueTask<ActiveCall?> ReserveAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (_rules.Length == 0)
        {
            return null;
        }

        var services = Services;
        var (tags, user) = Attribution(services.Tagging, options);
        var modelId = options?.ModelId ?? services.DefaultModelId;
        var model = modelId is null ? null : services.Catalog?.Resolve(modelId);
        var modelKey = model?.Id ?? modelId;
        var charges = Match(tags, user, modelKey, model, services.Catalog);
        if (user is null && Array.Find(_rules, r => r.Scope == BudgetScope.User) is { } userRule)
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
            return null;
        }

        var inputTokens = Math.Max(0, EstimateInputTokens(messages, options));
        var amount = WorstCase(model, inputTokens, options, services.Catalog);
        if (amount is null)
        {
            if (_unpricedModels == UnpricedModelBehavior.Refuse)
            {
                throw new BudgetExceededException(
                    $"Model '{modelKey ?? "(none)"}' has no catalog prices, so the worst-case cost of the call cannot be bounded, and BudgetOptions.UnpricedModels is Refuse; it was not sent. Add prices for the model to the catalog, use a priced model, or set UnpricedModels to ReserveZero.")
                {
                    RuleName = charges[0].Rule.Name,
                    LimitUsd = charges[0].Rule.LimitUsd,
                    ModelId = modelKey,
                };
            }

            if (_unpricedWarned.TryAdd(modelKey ?? string.Empty, 0))
            {
                // Once per model: a warning per call would flood the log of an app that chose to allow it.
                AiGatewayLog.BudgetUnpricedModel(_logger, modelKey ?? "(none)");
            }

            amount = 0m;
        }

        var reservation = new BudgetReservation(Guid.NewGuid(), charges, amount.Value, _timeProvider.GetUtcNow(), _lease);
        BudgetReservationResult result;
        try
        {
            result = await Store.TryReserveAsync(reservation, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The store may have committed before the failure (or the cancellation) reached us: release, a no-op otherwise.
            await ReleaseAsync(new ActiveCall(reservation, model, inputTokens), "could not be reserved").ConfigureAwait(false);
            throw;
        }

        if (!result.IsReserved)
        {
            throw Refused(result.RefusedBy!, result.RefusedUsage!, reservation, modelKey);
        }

        AiGatewayLog.BudgetReserved(_logger, reservation.AmountUsd, modelKey ?? "(none)", charges.Count, reservation.Id);
        return new ActiveCall(reservation, model, inputTokens) { Renewal = new LeaseRenewal(this, reservation) };
    }

    private static (IReadOnlyList<string> Tags, string? User) Attribution(TaggingChatClient? tagging, ChatOptions? options)
    {
        if (tagging is not null)
        {
            var applied = tagging.ApplyTags(options);
            return (applied.GetTags(), applied.GetUser());
        }

        var requestTags = options.GetTags();
        var scope = AiGatewayScope.Current;
        if (scope is null || scope.Tags.Count == 0)
        {
            return (requestTags, options.GetUser() ?? scope?.User);
        }

        return (scope.Tags.Concat(requestTags).Distinct(StringComparer.Ordinal).ToArray(), options.GetUser() ?? scope.User);
    }

    private List<BudgetCharge> Match(IReadOnlyList<string> tags, string? user, string? modelKey, CatalogModel? model, IModelCatalog? catalog)
    {
        var charges = new List<BudgetCharge>(_rules.Length);
        foreach (var rule in _rules)
        {
            switch (rule.Scope)
            {
                case BudgetScope.Global:
                    charges.Add(new BudgetCharge(rule, string.Empty));
                    break;
                case BudgetScope.User when user is not null && (rule.ScopeValue is null || string.Equals(rule.ScopeValue, user, StringComparison.Ordinal)):
                    charges.Add(new BudgetCharge(rule, user));
                    break;
                case BudgetScope.Tag when rule.ScopeValue is null:
                    for (var i = 0; i < tags.Count; i++)
                    {
                        // Tags set straight into AdditionalProperties (not through WithTags) may repeat: one bucket
                        // charged twice would reserve and settle the call twice over.
                        if (!IsRepeated(tags, i))
                        {
                            charges.Add(new BudgetCharge(rule, tags[i]));
                        }
                    }

                    break;
                case BudgetScope.Tag when tags.Contains(rule.ScopeValue, StringComparer.Ordinal):
                    charges.Add(new BudgetCharge(rule, rule.ScopeValue));
                    break;
                case BudgetScope.Model when modelKey is not null && (rule.ScopeValue is null || IsSameModel(rule.ScopeValue, modelKey, model, catalog)):
                    charges.Add(new BudgetCharge(rule, modelKey));
                    break;
            }
        }

        return charges;
    }

    private static bool IsRepeated(IReadOnlyList<string> tags, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (string.Equals(tags[i], tags[index], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSameModel(string ruleModel, string modelKey, CatalogModel? model, IModelCatalog? catalog) =>
        string.Equals(ruleModel, modelKey, StringComparison.OrdinalIgnoreCase)
        || (model is not null && model.Aliases.Contains(ruleModel, StringComparer.OrdinalIgnoreCase))
        || (catalog is not null && catalog.TryFind(ruleModel, out var resolved) && string.Equals(resolved.Id, modelKey, StringComparison.OrdinalIgnoreCase));

    /// <summary>The dearest worst case among the model, the request's fallback models and the failover layer's configured models; <see langword="null"/> when the model itself is unpriced.</summary>
    private decimal? WorstCase(CatalogModel? model, long inputTokens, ChatOptions? options, IModelCatalog? catalog)
    {
        if (model is null || Maximum(model) is not { } worst)
        {
            return null;
        }

        foreach (var fallback in options.GetFallbackModels().Concat(Services.FailoverModels))
        {
            if (catalog is not null && catalog.TryFind(fallback, out var candidate) && Maximum(candidate) is { } cost && cost > worst)
            {
                worst = cost;
            }
        }

        return worst;

        decimal? Maximum(CatalogModel m) =>
            CostCalculator.EstimateMaximum(m, inputTokens, options?.MaxOutputTokens ?? m.MaxOutputTokens ?? _assumedMaxOutputTokens);
    }

    private BudgetExceededException Refused(BudgetCharge charge, BudgetUsage usage, BudgetReservation reservation, string? modelKey)
    {
        var rule = charge.Rule;
        AiGatewayLog.BudgetRefused(_logger, rule.Name, Scope(charge), modelKey ?? "(none)", usage.TotalUsd, rule.LimitUsd, reservation.AmountUsd, usage.WindowResetsAt);
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Budget rule '{rule.Name}' ({Scope(charge)}, {rule.Window}) has {Usd(usage.TotalUsd)} spent or reserved of its {Usd(rule.LimitUsd)} limit, ")
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

    private (decimal Cost, string Source) ActualCost(ActiveCall call, AdditionalPropertiesDictionary? properties, UsageDetails? usage)
    {
        if (AiGatewayResponseExtensions.IsReplayed(properties))
        {
            // A replayed answer (a cache hit: its facts came back through JSON) cost nothing now.
            return (0m, "nothing (a replayed answer, such as a cache hit)");
        }

        if (AiGatewayResponseExtensions.ReadCostUsd(properties) is { } cost)
        {
            return (cost, "the reported cost");
        }

        if (usage is not null && AnsweringModel(call, properties) is { } model && CostCalculator.Calculate(model, usage) is { } calculated)
        {
            return (calculated, "usage at catalog prices");
        }

        AiGatewayLog.BudgetNoUsageReported(_logger, call.Reservation.Id, call.Reservation.AmountUsd);
        return (call.Reservation.AmountUsd, "the worst case (no cost or usage reported)");
    }

    /// <summary>The model that answered (failover may have moved to another), else the one reserved for.</summary>
    private CatalogModel? AnsweringModel(ActiveCall call, AdditionalPropertiesDictionary? properties) =>
        AiGatewayResponseExtensions.ReadString(properties, AiGatewayPropertyKeys.CatalogModelId) is { } modelId
            && Services.Catalog is { } catalog && catalog.TryFind(modelId, out var answered)
            ? answered
            : call.Model;

    private async Task CloseStreamAsync(ActiveCall call, StreamObservation observed, bool completed, string outcome)
    {
        if (completed)
        {
            var (cost, source) = ActualCost(call, observed.Properties, observed.Usage);
            await SettleAsync(call, cost, source).ConfigureAwait(false);
            return;
        }

        if (!observed.AnyUpdate)
        {
            await ReleaseAsync(call, outcome).ConfigureAwait(false);
            return;
        }

        if (observed.Properties?.ContainsKey(AiGatewayPropertyKeys.CostUsd) == true || observed.Usage is not null)
        {
            var (cost, source) = ActualCost(call, observed.Properties, observed.Usage);
            await SettleAsync(call, cost, source).ConfigureAwait(false);
            return;
        }

        // Output began, so the provider billed for the input and what it generated: estimate what was received.
        var model = AnsweringModel(call, observed.Properties);
        var estimate = model is null
            ? 0m
            : CostCalculator.Calculate(model, new UsageDetails { InputTokenCount = call.InputTokens, OutputTokenCount = observed.OutputTokens }) ?? 0m;
        estimate = Math.Min(estimate, Math.Max(call.Reservation.AmountUsd, 0m));
        AiGatewayLog.BudgetStreamSettledByEstimate(_logger, call.Reservation.Id, outcome, estimate);
        await SettleAsync(call, estimate, "an estimate of the output received").ConfigureAwait(false);
    }

    private async Task SettleAsync(ActiveCall call, decimal cost, string source)
    {
        await call.StopRenewingAsync().ConfigureAwait(false);
        IReadOnlyList<BudgetSettlement> settlements;
        var now = _timeProvider.GetUtcNow();
        try
        {
            // Never the caller's token: a cancelled caller must not leave the reservation standing.
            settlements = await Store.SettleAsync(call.Reservation, cost, now, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The call succeeded; a store failure is logged and leaves the (larger) reservation counting.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AiGatewayLog.BudgetSettleFailed(_logger, ex, call.Reservation.Id, cost, call.Reservation.AmountUsd);
            return;
        }

        AiGatewayLog.BudgetSettled(_logger, call.Reservation.Id, cost, call.Reservation.AmountUsd, source);
        foreach (var settlement in settlements)
        {
            var limit = settlement.Charge.Rule.LimitUsd;
            foreach (var threshold in _thresholds)
            {
                var mark = limit * threshold;
                if (limit > 0 && settlement.SpentBeforeUsd < mark && settlement.SpentAfterUsd >= mark)
                {
                    var notice = new BudgetThresholdReached(settlement.Charge, threshold, settlement.SpentAfterUsd, settlement.Charge.Rule.Window.GetResetTime(now, null));
                    AiGatewayLog.BudgetThresholdReached(_logger, notice.Rule.Name, Scope(settlement.Charge), threshold * 100m, limit, notice.SpentUsd, notice.WindowResetsAt);
                    try
                    {
                        OnThresholdReached(notice);
                    }
#pragma warning disable CA1031 // An app's callback must not fail the call it observes.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        AiGatewayLog.BudgetThresholdCallbackFailed(_logger, ex);
                    }
                }
            }
        }
    }

    private async Task ReleaseAsync(ActiveCall call, string reason)
    {
        await call.StopRenewingAsync().ConfigureAwait(false);
        try
        {
            await Store.ReleaseAsync(call.Reservation, CancellationToken.None).ConfigureAwait(false);
            AiGatewayLog.BudgetReleased(_logger, call.Reservation.Id, reason);
        }
#pragma warning disable CA1031 // The call's own exception is the one to surface; a store failure is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AiGatewayLog.BudgetReleaseFailed(_logger, ex, call.Reservation.Id, call.Reservation.AmountUsd);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "was cancelled",
        BudgetExceededException => "was refused by the gateway (402)",
        _ => $"failed ({ex.GetType().Name})",
    };

    private static string Scope(BudgetCharge charge) => charge.Rule.Scope switch
    {
        BudgetScope.Global => "global",
        BudgetScope.User => "for a user",
        BudgetScope.Tag => $"tag '{charge.ScopeKey}'",
        _ => $"model '{charge.ScopeKey}'",
    };

    private static string Usd(decimal amount) => string.Create(CultureInfo.InvariantCulture, $"${amount:0.00####}");

    private sealed record InnerServices(IModelCatalog? Catalog, string? DefaultModelId, TaggingChatClient? Tagging, IReadOnlyList<string> FailoverModels);

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
        public LeaseRenewal? Renewal { get; init; }

        public ValueTask StopRenewingAsync() => Renewal?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    /// <summary>
    /// Renews a reservation's lease every third of it while its call is in flight or its stream is being read; stopped
    /// before the settle or release, and for good at the first tick that finds the stream idle (abandoned).
    /// </summary>
    private sealed class LeaseRenewal : IAsyncDisposable
    {
        private int _inCall;
        private int _reads;
        private int _readsAtLastTick;

        private readonly BudgetChatClient _owner;
        private readonly BudgetReservation _reservation;
        private readonly ITimer _timer;
        private readonly object _gate = new();
        private Task _inFlight = Task.CompletedTask;
        private bool _stopped;
        private bool _lost;

        public LeaseRenewal(BudgetChatClient owner, BudgetReservation reservation)
        {
            _owner = owner;
            _reservation = reservation;
            var every = reservation.Lease / 3;
            _timer = owner._timeProvider.CreateTimer(static state => ((LeaseRenewal)state!).Tick(), this, every, every);
        }

        /// <summary>The caller is waiting on the inner client (a whole answer, or the next update of a stream).</summary>
        public void Enter() => Interlocked.Increment(ref _inCall);

        /// <summary>The inner client answered; the stream was read.</summary>
        public void Exit()
        {
            Interlocked.Increment(ref _reads);
            Interlocked.Decrement(ref _inCall);
        }

        public async ValueTask DisposeAsync()
        {
            Task inFlight;
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                _stopped = true;
                inFlight = _inFlight;
            }

            await _timer.DisposeAsync().ConfigureAwait(false);
            await inFlight.ConfigureAwait(false);
        }

        private void Tick()
        {
            lock (_gate)
            {
                // One renewal at a time; a slow store skips a tick rather than piling renewals up.
                if (_stopped || _lost || !_inFlight.IsCompleted)
                {
                    return;
                }

                var reads = Volatile.Read(ref _reads);
                if (Volatile.Read(ref _inCall) == 0 && reads == _readsAtLastTick)
                {
                    // Nobody waits on the call and nothing was read since the last tick: an abandoned stream. Stop for
                    // good, so its reservation expires one lease after the last renewal.
                    _stopped = true;
                    _timer.Dispose();
                    return;
                }

                _readsAtLastTick = reads;
                _inFlight = RenewAsync();
            }
        }

        private async Task RenewAsync()
        {
            try
            {
                if (!await _owner.Store.RenewAsync(_reservation, CancellationToken.None).ConfigureAwait(false))
                {
                    _lost = true;
                    AiGatewayLog.BudgetLeaseLost(_owner._logger, _reservation.Id);
                }
            }
#pragma warning disable CA1031 // A renewal failure must not fail the call; the lease still covers it for a while.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AiGatewayLog.BudgetLeaseRenewFailed(_owner._logger, ex, _reservation.Id);
            }
        }
    }

    /// <summary>What a stream has shown so far: whether output began, the cost or usage it reported, the output's size.</summary>
    private sealed class StreamObservation
    {
        private long _outputBytes;

        public bool AnyUpdate { get; private set; }

        public AdditionalPropertiesDictionary? Properties { get; private set; }

        public UsageDetails? Usage { get; private set; }

        public long OutputTokens => (_outputBytes + 3) / 4;

        public void Observe(ChatResponseUpdate update)
        {
            AnyUpdate = true;
            if (update.AdditionalProperties is { Count: > 0 } properties)
            {
                Properties ??= [];
                foreach (var (key, value) in properties)
                {
                    Properties[key] = value;
                }
            }

            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case UsageContent usage:
                        Usage = usage.Details;
                        break;
                    case TextContent text:
                        _outputBytes += Encoding.UTF8.GetByteCount(text.Text);
                        break;
                    case TextReasoningContent reasoning:
                        _outputBytes += Encoding.UTF8.GetByteCount(reasoning.Text);
                        break;
                    case FunctionCallContent call:
                        _outputBytes += Encoding.UTF8.GetByteCount(call.Name);
                        if (call.Arguments is not null)
                        {
                            foreach (var (name, value) in call.Arguments)
                            {
                                _outputBytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value?.ToString() ?? string.Empty);
                            }
                        }

                        break;
                }
            }
        }
    }
}
