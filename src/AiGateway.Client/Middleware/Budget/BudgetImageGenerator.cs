using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using AiGateway.Client.Catalog;
using AiGateway.Client.Images;
using AiGateway.Client.Middleware.Tagging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// Keeps image calls within the same budget rules and store as chat (<see cref="BudgetChatClient"/>) and embeddings
/// (<see cref="BudgetEmbeddingGenerator"/>): before sending, it reserves the call's worst case on every matching rule,
/// or refuses with <see cref="BudgetExceededException"/>; after the answer it settles to the catalog price of the
/// reported usage; a failed call releases its reservation. Experimental, as <see cref="IImageGenerator"/> is.
/// </summary>
/// <remarks>
/// The catalog prices image models per token, so the worst case is the prompt's UTF-8 length as input tokens plus, per
/// image asked for (<see cref="ImageGenerationOptions.Count"/>, default one) and per input image,
/// <see cref="MaxTokensPerImage"/> tokens at the output price (the dearest, above the image-input price). An answer
/// without usage settles at the reservation.
/// </remarks>
[Experimental(AiGatewayDiagnosticIds.ImageGeneration)]
public class BudgetImageGenerator : DelegatingImageGenerator
{
    /// <summary>
    /// The most tokens one image is billed at: OpenAI's largest (high quality, 1024x1536) is 6,240; Gemini's images are
    /// 1,290 (2.5 Flash Image) to 2,000 (3 Pro Image at 4K).
    /// </summary>
    public const int MaxTokensPerImage = 6240;

    private readonly BudgetLedger _ledger;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerGenerator">The generator to forward to.</param>
    /// <param name="options">Rules, store (<see langword="null"/>: a new <see cref="InMemoryBudgetStore"/>), clock and thresholds.</param>
    /// <param name="loggerFactory">Where log lines go.</param>
    public BudgetImageGenerator(IImageGenerator innerGenerator, BudgetOptions options, ILoggerFactory? loggerFactory = null)
        : this(innerGenerator, options, fallbackStore: null, fallbackTimeProvider: null, loggerFactory)
    {
    }

    /// <summary>Creates the middleware with the store and clock DI provides when the options name none.</summary>
    internal BudgetImageGenerator(
        IImageGenerator innerGenerator, BudgetOptions options, IBudgetStore? fallbackStore, TimeProvider? fallbackTimeProvider, ILoggerFactory? loggerFactory)
        : base(innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BudgetImageGenerator>();
        _ledger = new BudgetLedger(options, fallbackStore, fallbackTimeProvider, logger, options.OnThresholdReached);
    }

    /// <summary>Gets where reservations and spend are kept.</summary>
    public IBudgetStore Store => _ledger.Store;

    /// <inheritdoc />
    public override async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reserved = await ReserveAsync(request, options, cancellationToken).ConfigureAwait(false);
        if (reserved is not { } call)
        {
            return await base.GenerateAsync(request, options, cancellationToken).ConfigureAwait(false);
        }

        ImageGenerationResponse response;
        try
        {
            response = await base.GenerateAsync(request, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await _ledger.ReleaseAsync(call.Reservation, BudgetLedger.Describe(ex)).ConfigureAwait(false);
            throw;
        }

        var (cost, source) = ActualCost(call, response);
        await _ledger.SettleAsync(call.Reservation, cost, source).ConfigureAwait(false);
        return response;
    }

    private async ValueTask<(BudgetReservation Reservation, CatalogModel? Model)?> ReserveAsync(
        ImageGenerationRequest request, ImageGenerationOptions? options, CancellationToken cancellationToken)
    {
        if (_ledger.IsEmpty)
        {
            return null;
        }

        var catalog = InnerGenerator.GetService(typeof(IModelCatalog)) as IModelCatalog;
        var modelId = options?.ModelId ?? InnerGenerator.GetService<ImageGeneratorMetadata>()?.DefaultModelId;
        var model = modelId is null ? null : catalog?.Resolve(modelId);
        var modelKey = model?.Id ?? modelId;
        var attribution = BudgetAttribution.Of(InnerGenerator.GetService(typeof(IRequestAttributionSource<ImageGenerationOptions>)) as IRequestAttributionSource<ImageGenerationOptions>, options, options.GetTags(), options.GetUser());
        var charges = _ledger.Match(attribution, modelKey, model, catalog);
        if (charges.Count == 0)
        {
            return null;
        }

        var count = Math.Max(1, options?.Count ?? 1);
        var images = count + (request.OriginalImages?.Count() ?? 0);
        var amount = model is null ? null : CostCalculator.EstimateMaximum(model, Encoding.UTF8.GetByteCount(request.Prompt ?? string.Empty), (long)images * MaxTokensPerImage);
        if (amount is null)
        {
            if (_ledger.UnpricedModels == UnpricedModelBehavior.Refuse)
            {
                throw new BudgetExceededException(
                    $"Image model '{modelKey ?? "(none)"}' has no catalog prices, so the worst-case cost of the call cannot be bounded, and BudgetOptions.UnpricedModels is Refuse; it was not sent. Use a priced model or set UnpricedModels to ReserveZero.")
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
                $"Budget rule '{refused.Rule.Name}' ({refused.Rule.Window}) has ${usage.TotalUsd:0.00####} spent or reserved of its ${refused.Rule.LimitUsd:0.00####} limit, and generating {count} image(s) with '{modelKey ?? "(none)"}' may cost up to ${amount.Value:0.00######}; nothing was sent. Ask for fewer images, raise the limit, or wait for the window to reset."))
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
        return (reservation, model);
    }

    private static (decimal Cost, string Source) ActualCost((BudgetReservation Reservation, CatalogModel? Model) call, ImageGenerationResponse response) =>
        call.Model is not null && response.Usage is { } usage && CostCalculator.Calculate(call.Model, usage) is { } priced
            ? (priced, "the catalog price of the reported usage")
            : (call.Reservation.AmountUsd, "the reservation (no usage or price reported)");
}
