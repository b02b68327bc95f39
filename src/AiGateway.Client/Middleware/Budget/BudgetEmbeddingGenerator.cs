using System.Globalization;
using System.Text;
using AiGateway.Client.Catalog;
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
    private readonly BudgetLedger _ledger;

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
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BudgetEmbeddingGenerator>();
        _ledger = new BudgetLedger(options, fallbackStore, fallbackTimeProvider, logger, options.OnThresholdReached);
    }

    /// <summary>Gets where reservations and spend are kept.</summary>
    public IBudgetStore Store => _ledger.Store;

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
            await _ledger.ReleaseAsync(call.Reservation, BudgetLedger.Describe(ex)).ConfigureAwait(false);
            throw;
        }

        var (cost, source) = ActualCost(call, embeddings);
        await _ledger.SettleAsync(call.Reservation, cost, source).ConfigureAwait(false);
        return embeddings;
    }

    private async ValueTask<(BudgetReservation Reservation, CatalogModel? Model, long Bytes)?> ReserveAsync(
        IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        if (_ledger.IsEmpty || inputs.Count == 0)
        {
            return null;
        }

        var catalog = InnerGenerator.GetService(typeof(IModelCatalog)) as IModelCatalog;
        var modelId = options?.ModelId ?? InnerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;
        var model = modelId is null ? null : catalog?.Resolve(modelId);
        var modelKey = model?.Id ?? modelId;
        var attribution = BudgetAttribution.Of(InnerGenerator.GetService(typeof(IRequestAttributionSource<EmbeddingGenerationOptions>)) as IRequestAttributionSource<EmbeddingGenerationOptions>, options, options.GetTags(), options.GetUser());
        var charges = _ledger.Match(attribution, modelKey, model, catalog);
        if (charges.Count == 0)
        {
            return null;
        }

        long bytes = 0;
        foreach (var input in inputs)
        {
            bytes += Encoding.UTF8.GetByteCount(input);
        }

        var fallbacks = (InnerGenerator.GetService(typeof(IFailoverCandidates)) as IFailoverCandidates)?.CandidateModels ?? [];
        var amount = BudgetCostEstimator.WorstCase(model, catalog, fallbacks, [], bytes, outputTokens: 0, assumedOutputTokens: 0);
        if (amount is null)
        {
            if (_ledger.UnpricedModels == UnpricedModelBehavior.Refuse)
            {
                throw new BudgetExceededException(
                    $"Embedding model '{modelKey ?? "(none)"}' has no catalog prices, so the worst-case cost of the call cannot be bounded, and BudgetOptions.UnpricedModels is Refuse; it was not sent. Use a priced model or set UnpricedModels to ReserveZero.")
                {
                    RuleName = charges[0].Rule.Name,
                    LimitUsd = charges[0].Rule.LimitUsd,
                    ModelId = modelKey,
                };
            }

            _ledger.NoteUnpriced(modelKey);
            amount = 0m;
        }

        var reservation = _ledger.NewReservation(charges, amount.Value);
        var result = await _ledger.TryReserveAsync(reservation, cancellationToken).ConfigureAwait(false);
        if (!result.IsReserved)
        {
            var refused = result.RefusedBy!;
            var usage = result.RefusedUsage!;
            _ledger.LogRefused(refused, usage, reservation, modelKey);
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

        _ledger.LogReserved(reservation, modelKey);
        return (reservation, model, bytes);
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
}
