using AiGateway.Client.Catalog;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>
/// Tries fallback embedding models, in order, when a call fails with a transient gateway error (429 with a retry
/// hint, 5xx, timeouts, unreachable) or the model is unknown to the gateway. Vectors of different models live in
/// different spaces, so only models with the same dimensions may stand in: a fallback of another length (per the
/// catalog) is refused when the middleware is built.
/// </summary>
public class GatewayFailoverEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>, IFailoverCandidates
{
    private readonly IReadOnlyList<string> _fallbackModels;
    private readonly IModelCatalog? _catalog;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerGenerator">The generator to forward to (the leaf or more middleware).</param>
    /// <param name="fallbackModels">The models to try after the request's own, in order.</param>
    /// <param name="defaultModel">The model calls use when they name none (to check dimensions against); <see langword="null"/> to check at call time only.</param>
    /// <exception cref="ArgumentException">A fallback's vectors have another length than the default model's.</exception>
    public GatewayFailoverEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, IEnumerable<string> fallbackModels, string? defaultModel = null)
        : base(innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(fallbackModels);
        _fallbackModels = fallbackModels.Where(m => !string.IsNullOrWhiteSpace(m)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _catalog = innerGenerator.GetService(typeof(IModelCatalog)) as IModelCatalog;
        if (defaultModel is not null)
        {
            CheckSameDimensions(defaultModel, nameof(fallbackModels));
        }
    }

    /// <summary>Gets the fallback models, in order (the budget layer reserves for the dearest of them).</summary>
    public IReadOnlyList<string> FallbackModels => _fallbackModels;

    /// <inheritdoc />
    IReadOnlyList<string> IFailoverCandidates.CandidateModels => _fallbackModels;

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        if (options?.ModelId is { } requested)
        {
            CheckSameDimensions(requested, nameof(options));
        }

        try
        {
            return await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch (AiGatewayException first) when (ShouldFailOver(first) && _fallbackModels.Count > 0)
        {
            List<Exception> failures = [first];
            foreach (var fallback in _fallbackModels)
            {
                var attempt = options?.Clone() ?? new EmbeddingGenerationOptions();
                attempt.ModelId = fallback;
                try
                {
                    return await base.GenerateAsync(inputs, attempt, cancellationToken).ConfigureAwait(false);
                }
                catch (AiGatewayException ex) when (ShouldFailOver(ex))
                {
                    failures.Add(ex);
                }
            }

            throw new AggregateException(
                $"Every embedding model failed ({options?.ModelId ?? "the default model"}, then {string.Join(", ", _fallbackModels)}); the inner exceptions say why, in order.",
                failures);
        }
    }

    private static bool ShouldFailOver(AiGatewayException ex) => ex.IsTransient || ex is ModelNotFoundException;

    private void CheckSameDimensions(string modelId, string parameterName)
    {
        if (_catalog is null || Dimensions(modelId) is not { } expected)
        {
            return;
        }

        foreach (var fallback in _fallbackModels)
        {
            if (Dimensions(fallback) is { } length && length != expected)
            {
                throw new ArgumentException(
                    $"The fallback embedding model '{fallback}' returns {length}-dimensional vectors but '{modelId}' returns {expected}: vectors of different models cannot share an index. Use fallbacks of the same dimensions (for example the same model on another gateway).",
                    parameterName);
            }
        }
    }

    private int? Dimensions(string modelId)
    {
        try
        {
            return _catalog!.Resolve(modelId).EmbeddingDimensions;
        }
        catch (AiGatewayException)
        {
            return null;
        }
    }
}
