using System.Globalization;
using System.Text;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Embeddings;
using AiGateway.Client.Middleware.Failover;
using AiGateway.Client.Middleware.Tagging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// Keeps embedding calls within the same budget rules and store as chat (<see cref="BudgetChatClient"/>): before
/// sending, it reserves the call's worst case on every matching rule, or refuses with
/// <see cref="BudgetExceededException"/>; after the answer it settles to the actual cost (the gateway's, else the
/// catalog price of the reported input tokens); a failed call releases its reservation.
/// </summary>
/// <remarks>
/// Embeddings cost only input tokens, and a token is never shorter than one UTF-8 byte, so the worst case is known
/// exactly before sending: the UTF-8 length of the inputs priced at the dearest of the model and the failover layer's
/// fallbacks. An answer without usage (Gemini reports none) settles at the usual estimate of four bytes a token.
/// </remarks>
public class BudgetEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly BudgetRule[] _rules;
    private readonly decimal[] _thresholds;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly UnpricedModelBehavior _unpricedModels;
    private readonly Action<BudgetThresholdReached>? _onThresholdReached;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerGenerator">The generator to forward to.</param>
    /// <param name="options">Rules, store (<see langword="null"/>: a new <see cref="InMemoryBudgetStore"/>), clock and thresholds.</param>
    /// <param name="loggerFactory">Where log lines go.</param>
    public BudgetEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, BudgetOptions options, ILoggerFactory? loggerFactory = null)
        : this(innerGenerator, options, fallbackStore: null, fallbackTimeProvider: null, loggerFactory)
    {
    }

    /// <summary>Creates the middleware with the store and clock DI provides when the options name none.</summary>
    internal BudgetEmbeddingGenerator(
        IEmbeddingGenerator<string, Embedding<float>> innerGenerator, BudgetOptions options, IBudgetStore? fallbackStore, TimeProvider? fallbackTimeProvider, ILoggerFactory? loggerFactory)
        : base(innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rules.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() != options.Rules.Count)
        {
            throw new ArgumentException("Budget rule names must be unique.", nameof(options));
        }

        _rules = [.. options.Rules];
        _thresholds = [.. options.Thresholds];
        _timeProvider = options.TimeProvider ?? fallbackTimeProvider ?? TimeProvider.System;
        Store = options.Store ?? fallbackStore ?? new InMemoryBudgetStore();
        _unpricedModels = options.UnpricedModels;
        _onThresholdReached = options.OnThresholdReached;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BudgetEmbeddingGenerator>();
    }

    /// <summary>Gets where reservations and spend are kept.</summary>
    public IBudgetStore Store { get; }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        var reserved = await ReserveAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        if (reserved is not { } call)
        {
            return await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }

        GeneratedEmbeddings<Embedding<float>> embeddings;
        try
        {
            embeddings = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await ReleaseAsync(call.Reservation, ex is OperationCanceledException ? "was cancelled" : $"failed ({ex.GetType().Name})").ConfigureAwait(false);
            throw;
        }

        var (cost, source) = ActualCost(call, embeddings);
        await SettleAsync(call.Reservation, cost, source).ConfigureAwait(false);
        return embeddings;
    }

    private async ValueTask<(BudgetReservation Reservation, CatalogModel? Model, long Bytes)?> ReserveAsync(
        IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        if (_rules.Length == 0 || inputs.Count == 0)
        {
            return null;
        }

        var catalog = InnerGenerator.GetService(typeof(IModelCatalog)) as IModelCatalog;
        var modelId = options?.ModelId ?? InnerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;
        var model = modelId is null ? null : catalog?.Resolve(modelId);
        var modelKey = model?.Id ?? modelId;
        var (tags, user) = Attribution(options);
        var charges = Match(tags, user, modelKey, model, catalog);
        if (charges.Count == 0)
        {
            return null;
        }

        long bytes = 0;
        foreach (var input in inputs)
        {
            bytes += Encoding.UTF8.GetByteCount(input);
        }

        var amount = WorstCase(model, bytes, catalog);
        if (amount is null)
        {
            if (_unpricedModels == UnpricedModelBehavior.Refuse)
            {
                throw new BudgetExceededException(
                    $"Embedding model '{modelKey ?? "(none)"}' has no catalog prices, so the worst-case cost of the call cannot be bounded, and BudgetOptions.UnpricedModels is Refuse; it was not sent. Use a priced model or set UnpricedModels to ReserveZero.")
                {
                    RuleName = charges[0].Rule.Name,
                    LimitUsd = charges[0].Rule.LimitUsd,
                    ModelId = modelKey,
                };
            }

            AiGatewayLog.BudgetUnpricedModel(_logger, modelKey ?? "(none)");
            amount = 0m;
        }

        var reservation = new BudgetReservation(Guid.NewGuid(), charges, amount.Value, _timeProvider.GetUtcNow());
        BudgetReservationResult result;
        try
        {
            result = await Store.TryReserveAsync(reservation, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(reservation, "could not be reserved").ConfigureAwait(false);
            throw;
        }

        if (!result.IsReserved)
        {
            var refused = result.RefusedBy!;
            var usage = result.RefusedUsage!;
            AiGatewayLog.BudgetRefused(_logger, refused.Rule.Name, refused.ScopeKey, modelKey ?? "(none)", usage.TotalUsd, refused.Rule.LimitUsd, amount.Value, usage.WindowResetsAt);
            throw new BudgetExceededException(string.Create(
                CultureInfo.InvariantCulture,
                $"Budget rule '{refused.Rule.Name}' ({refused.Rule.Window}) has ${usage.TotalUsd:0.00####} spent or reserved of its ${refused.Rule.LimitUsd:0.00####} limit, and embedding {inputs.Count} texts with '{modelKey ?? "(none)"}' may cost up to ${amount.Value:0.00######}; nothing was sent. Embed fewer or shorter texts, raise the limit, or wait for the window to reset."))
            {
                RuleName = refused.Rule.Name,
                SpentUsd = usage.TotalUsd,
                LimitUsd = refused.Rule.LimitUsd,
                RequestedUsd = amount.Value,
                WindowResetsAt = usage.WindowResetsAt,
                ModelId = modelKey,
            };
        }

        AiGatewayLog.BudgetReserved(_logger, amount.Value, modelKey ?? "(none)", charges.Count, reservation.Id);
        return (reservation, model, bytes);
    }

    private (IReadOnlyList<string> Tags, string? User) Attribution(EmbeddingGenerationOptions? options)
    {
        if (InnerGenerator.GetService(typeof(TaggingEmbeddingGenerator)) is TaggingEmbeddingGenerator tagging)
        {
            var applied = tagging.ApplyTags(options);
            return (applied.GetTags(), applied.GetUser());
        }

        var scope = AiGatewayScope.Current;
        return ((scope?.Tags ?? []).Concat(options.GetTags()).Distinct(StringComparer.Ordinal).ToArray(), options.GetUser() ?? scope?.User);
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
                    charges.AddRange(tags.Distinct(StringComparer.Ordinal).Select(tag => new BudgetCharge(rule, tag)));
                    break;
                case BudgetScope.Tag when tags.Contains(rule.ScopeValue, StringComparer.Ordinal):
                    charges.Add(new BudgetCharge(rule, rule.ScopeValue));
                    break;
                case BudgetScope.Model when modelKey is not null && (rule.ScopeValue is null || SameModel(rule.ScopeValue, modelKey, model, catalog)):
                    charges.Add(new BudgetCharge(rule, modelKey));
                    break;
            }
        }

        return charges;
    }

    private static bool SameModel(string ruleModel, string modelKey, CatalogModel? model, IModelCatalog? catalog) =>
        string.Equals(ruleModel, modelKey, StringComparison.OrdinalIgnoreCase)
        || (model is not null && model.Aliases.Contains(ruleModel, StringComparer.OrdinalIgnoreCase))
        || (catalog is not null && catalog.TryFind(ruleModel, out var resolved) && string.Equals(resolved.Id, modelKey, StringComparison.OrdinalIgnoreCase));

    private decimal? WorstCase(CatalogModel? model, long bytes, IModelCatalog? catalog)
    {
        if (model is null || CostCalculator.EstimateMaximum(model, bytes, 0) is not { } worst)
        {
            return null;
        }

        var fallbacks = (InnerGenerator.GetService(typeof(GatewayFailoverEmbeddingGenerator)) as GatewayFailoverEmbeddingGenerator)?.FallbackModels ?? [];
        foreach (var fallback in fallbacks)
        {
            if (catalog is not null && catalog.TryFind(fallback, out var candidate) && CostCalculator.EstimateMaximum(candidate, bytes, 0) is { } cost && cost > worst)
            {
                worst = cost;
            }
        }

        return worst;
    }

    private static (decimal Cost, string Source) ActualCost((BudgetReservation Reservation, CatalogModel? Model, long Bytes) call, GeneratedEmbeddings<Embedding<float>> embeddings)
    {
        if (embeddings.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.CostUsd, out var reported) == true && reported is decimal cost)
        {
            return (cost, "the reported cost");
        }

        var model = embeddings.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.CatalogModelId, out var id) == true && id is string answered && call.Model?.Id != answered
            ? null
            : call.Model;
        if (model is not null && embeddings.Usage is { } usage && CostCalculator.Calculate(model, usage) is { } priced)
        {
            return (priced, "the catalog price of the reported usage");
        }

        return model is not null && CostCalculator.EstimateMaximum(model, (call.Bytes + 3) / 4, 0) is { } estimate
            ? (estimate, "an estimate (no usage reported: four bytes a token)")
            : (call.Reservation.AmountUsd, "the reservation (no usage or price for the model that answered)");
    }

    private async Task SettleAsync(BudgetReservation reservation, decimal cost, string source)
    {
        IReadOnlyList<BudgetSettlement> settlements;
        var now = _timeProvider.GetUtcNow();
        try
        {
            settlements = await Store.SettleAsync(reservation, cost, now, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The call succeeded; a store failure is logged and leaves the (larger) reservation counting.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AiGatewayLog.BudgetSettleFailed(_logger, ex, reservation.Id, cost, reservation.AmountUsd);
            return;
        }

        AiGatewayLog.BudgetSettled(_logger, reservation.Id, cost, reservation.AmountUsd, source);
        foreach (var settlement in settlements)
        {
            var limit = settlement.Charge.Rule.LimitUsd;
            foreach (var threshold in _thresholds)
            {
                if (limit > 0 && settlement.SpentBeforeUsd < limit * threshold && settlement.SpentAfterUsd >= limit * threshold)
                {
                    try
                    {
                        _onThresholdReached?.Invoke(new BudgetThresholdReached(settlement.Charge, threshold, settlement.SpentAfterUsd, settlement.Charge.Rule.Window.GetResetTime(now, null)));
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

    private async Task ReleaseAsync(BudgetReservation reservation, string reason)
    {
        try
        {
            await Store.ReleaseAsync(reservation, CancellationToken.None).ConfigureAwait(false);
            AiGatewayLog.BudgetReleased(_logger, reservation.Id, reason);
        }
#pragma warning disable CA1031 // The call's own exception is the one to surface; a store failure is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AiGatewayLog.BudgetReleaseFailed(_logger, ex, reservation.Id, reservation.AmountUsd);
        }
    }
}
