using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Gateways;
using AiGateway.Client.Http;
using AiGateway.Client.Transport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Client.Embeddings;

/// <summary>
/// The leaf <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: resolves the embedding model in the same catalog
/// as chat, routes it on the detected gateway (OpenAI's <c>embeddings</c> shape on Vercel, Neon, Cloudflare and OpenAI;
/// Gemini's <c>embedContent</c>/<c>batchEmbedContents</c> on Google's API and Cloudflare's google-ai-studio route),
/// splits inputs above the route's batch limit (Neon: 150) into several requests and returns the vectors in input
/// order. Usage and catalog cost are on <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/> and
/// <see cref="GeneratedEmbeddings{TEmbedding}.AdditionalProperties"/> (<see cref="AiGatewayPropertyKeys.CostUsd"/>).
/// Thread-safe; create one and share it. <c>services.AddAiGatewayEmbeddings()</c> registers it with middleware.
/// </summary>
/// <remarks>
/// <see cref="EmbeddingGenerationOptions.Dimensions"/> is sent (OpenAI <c>dimensions</c>, Gemini
/// <c>outputDimensionality</c>) when the catalog says the model shortens vectors; for a model of fixed length, or when
/// the gateway answers with vectors of another length, <see cref="EmbeddingDimensionsNotSupportedException"/> is thrown.
/// </remarks>
public sealed class AiGatewayEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string? _defaultModel;

    /// <summary>Creates a generator; the gateway is detected from <paramref name="options"/> and the environment now.</summary>
    /// <param name="options">The settings (<see cref="AiGatewayOptions.EmbeddingModel"/> is the default model).</param>
    /// <param name="httpClient">The HTTP client to send with; <see langword="null"/> creates one owned by this generator.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    /// <exception cref="GatewayConfigurationException">No gateway could be found or a setting is malformed.</exception>
    public AiGatewayEmbeddingGenerator(AiGatewayOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
        : this(options, GatewayEnvironment.Detect(options ?? throw new ArgumentNullException(nameof(options))), httpClient, loggerFactory)
    {
    }

    /// <summary>Creates a generator over an environment that was already detected.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="environment">The detected gateways.</param>
    /// <param name="httpClient">The HTTP client to send with; <see langword="null"/> creates one owned by this generator.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    public AiGatewayEmbeddingGenerator(AiGatewayOptions options, GatewayEnvironment environment, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger<AiGatewayEmbeddingGenerator>();
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        Catalog = options.Catalog ?? ModelCatalog.CreateDefault(options.StrictModels, options.CatalogRefreshTtl, _timeProvider, factory.CreateLogger<ModelCatalog>());
        _defaultModel = options.EmbeddingModel;
        if (httpClient is null)
        {
            _httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = AiGatewayDefaults.HttpTimeout };
            _ownsHttpClient = true;
        }
        else
        {
            _httpClient = httpClient;
        }

        int? defaultDimensions = null;
        if (_defaultModel is not null)
        {
            try
            {
                defaultDimensions = Catalog.Resolve(_defaultModel).EmbeddingDimensions;
            }
            catch (AiGatewayException)
            {
                // A strict catalog refuses unknown ids; the request names the problem when it is made.
            }
        }

        Metadata = new EmbeddingGeneratorMetadata(environment.Primary.Name, environment.Primary.BaseUri, _defaultModel, defaultDimensions);
    }

    /// <summary>Gets the detected gateways (the primary first).</summary>
    public GatewayEnvironment Environment { get; }

    /// <summary>Gets the model catalog.</summary>
    public IModelCatalog Catalog { get; }

    /// <summary>Gets the metadata: the primary gateway's name and base URI, the default model and its dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Creates a generator from the process environment alone, with <paramref name="model"/> as the default model.</summary>
    /// <param name="model">The embedding model, for example <c>text-embedding-3-small</c>.</param>
    /// <returns>The generator.</returns>
    public static AiGatewayEmbeddingGenerator FromEnvironment(string? model = null) => new(new AiGatewayOptions { EmbeddingModel = model });

    /// <inheritdoc />
    /// <exception cref="EmbeddingDimensionsNotSupportedException">The model or gateway cannot produce vectors of <see cref="EmbeddingGenerationOptions.Dimensions"/>.</exception>
    /// <exception cref="DialectNotSupportedException">The gateway does not serve embeddings.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null)
            {
                throw new ArgumentException($"Input {i} is null; every value to embed must be a string.", nameof(values));
            }
        }

        var route = Route(options);
        var dimensions = DimensionsToSend(route, options?.Dimensions);
        if (inputs.Count == 0)
        {
            return [];
        }

        var tags = options.GetTags();
        var context = new GatewayRequestContext(route.AuthDialect, route.Model) { Tags = tags, User = options.GetUser() };
        using var activity = EmbeddingCallTelemetry.Start(route, options?.Dimensions, tags);
        var started = _timeProvider.GetTimestamp();
        try
        {
            var vectors = new float[inputs.Count][];
            long? inputTokens = 0;
            string? responseModel = null;
            var batches = 0;
            for (var offset = 0; offset < inputs.Count; offset += route.MaxBatchSize)
            {
                var count = Math.Min(route.MaxBatchSize, inputs.Count - offset);
                var batch = offset == 0 && count == inputs.Count ? inputs : Slice(inputs, offset, count);
                var result = await SendBatchAsync(route, batch, dimensions, context, cancellationToken).ConfigureAwait(false);
                Array.Copy(result.Vectors, 0, vectors, offset, count);
                inputTokens = inputTokens is { } sum && result.InputTokens is { } tokens ? sum + tokens : null;
                responseModel ??= result.ResponseModel;
                batches++;
            }

            CheckDimensions(route, options?.Dimensions, vectors);
            var createdAt = _timeProvider.GetUtcNow();
            var modelId = responseModel ?? route.WireModelId;
            var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
            foreach (var vector in vectors)
            {
                embeddings.Add(new Embedding<float>(vector) { ModelId = modelId, CreatedAt = createdAt });
            }

            decimal? cost = null;
            if (inputTokens is { } total)
            {
                embeddings.Usage = new UsageDetails { InputTokenCount = total, TotalTokenCount = total };
                cost = CostCalculator.Calculate(route.Model, embeddings.Usage);
            }

            embeddings.AdditionalProperties = new()
            {
                [AiGatewayPropertyKeys.AnsweredGateway] = route.Gateway.Kind,
                [AiGatewayPropertyKeys.CatalogModelId] = route.Model.Id,
            };
            if (cost is { } c)
            {
                embeddings.AdditionalProperties[AiGatewayPropertyKeys.CostUsd] = c;
            }

            EmbeddingCallTelemetry.RecordSuccess(activity, route, modelId, inputTokens, cost, vectors[0].Length, batches, _timeProvider.GetElapsedTime(started));
            return embeddings;
        }
        catch (Exception ex)
        {
            EmbeddingCallTelemetry.RecordFailure(activity, route, ex, _timeProvider.GetElapsedTime(started));
            throw;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return Metadata;
        }

        if (serviceType == typeof(GatewayEnvironment))
        {
            return Environment;
        }

        return serviceType.IsInstanceOfType(Catalog) ? Catalog : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <summary>Resolves and routes the request's model on the gateway it names (or the primary). Nothing is sent.</summary>
    internal EmbeddingRoute Route(EmbeddingGenerationOptions? options)
    {
        var modelId = options?.ModelId ?? _defaultModel
            ?? throw new InvalidRequestException("No embedding model was given: set EmbeddingGenerationOptions.ModelId on the request or AiGatewayOptions.EmbeddingModel (AiGateway:EmbeddingModel).");
        var model = Catalog.Resolve(modelId);
        if (!model.IsKnown)
        {
            AiGatewayLog.UnknownModel(_logger, modelId, model.Id, ModelCatalog.DidYouMean(Catalog.Suggest(modelId)));
        }

        return EmbeddingRouter.Route(model, SelectGateway(options?.AdditionalProperties), modelId);
    }

    /// <summary>
    /// The <c>dimensions</c> to send: none when not asked for or equal to the model's full length; the request's value
    /// when the model shortens vectors (or the catalog does not know it); refused before sending otherwise.
    /// </summary>
    internal static int? DimensionsToSend(EmbeddingRoute route, int? requested)
    {
        if (requested is not { } dimensions)
        {
            return null;
        }

        if (dimensions <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requested), dimensions, "EmbeddingGenerationOptions.Dimensions must be positive.");
        }

        var model = route.Model;
        if (model.EmbeddingDimensions is not { } full)
        {
            return dimensions;
        }

        if (dimensions == full)
        {
            return null;
        }

        if (!model.SupportsEmbeddingDimensions)
        {
            throw new EmbeddingDimensionsNotSupportedException(
                $"'{model.Id}' always returns {full}-dimensional vectors and cannot shorten them, so Dimensions = {dimensions} cannot be honoured. Leave Dimensions unset (or {full}), or use a model that shortens vectors (text-embedding-3-small/-large, gemini-embedding-001). Nothing was sent.")
            {
                Gateway = route.Gateway.Kind,
                ModelId = model.Id,
                RequestedDimensions = dimensions,
                ActualDimensions = full,
            };
        }

        if (dimensions > full)
        {
            throw new EmbeddingDimensionsNotSupportedException(
                $"'{model.Id}' returns at most {full}-dimensional vectors, so Dimensions = {dimensions} cannot be honoured. Ask for {full} or fewer. Nothing was sent.")
            {
                Gateway = route.Gateway.Kind,
                ModelId = model.Id,
                RequestedDimensions = dimensions,
                ActualDimensions = full,
            };
        }

        return dimensions;
    }

    private static void CheckDimensions(EmbeddingRoute route, int? requested, float[][] vectors)
    {
        var expected = requested ?? route.Model.EmbeddingDimensions;
        if (requested is null || expected is not { } length)
        {
            return;
        }

        foreach (var vector in vectors)
        {
            if (vector.Length != length)
            {
                throw new EmbeddingDimensionsNotSupportedException(
                    $"{route.Gateway.Name} answered with {vector.Length}-dimensional vectors for '{route.WireModelId}' although {length} dimensions were asked for: the gateway or model ignored the dimensions option. Leave Dimensions unset and shorten the vectors yourself only if the model is Matryoshka-trained, or use another gateway or model.")
                {
                    Gateway = route.Gateway.Kind,
                    ModelId = route.Model.Id,
                    RequestedDimensions = length,
                    ActualDimensions = vector.Length,
                };
            }
        }
    }

    private async Task<EmbeddingBatchResult> SendBatchAsync(EmbeddingRoute route, IReadOnlyList<string> batch, int? dimensions, GatewayRequestContext context, CancellationToken cancellationToken)
    {
        var content = PooledBufferContent.WriteJson((route, batch, dimensions, context), static (writer, s) =>
        {
            if (s.route.Shape == EmbeddingWireShape.Gemini)
            {
                GeminiEmbeddingsWire.WriteRequest(writer, s.route.WireModelId, s.batch, s.dimensions);
            }
            else
            {
                OpenAIEmbeddingsWire.WriteRequest(writer, s.route.WireModelId, s.batch, s.dimensions, s.route.Gateway, s.context);
            }
        });

        var endpoint = route.Shape == EmbeddingWireShape.Gemini && batch.Count == 1 ? route.SingleEndpoint! : route.Endpoint;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Content.Headers.ContentType = GatewayTransport.JsonContentType;
        request.Headers.Accept.Add(GatewayTransport.AcceptJson);
        route.Gateway.AddRequestHeaders(request, context);
        route.Gateway.ApplyAuthentication(request, route.AuthDialect, route.Model);
        AiGatewayLog.Sending(_logger, "Embeddings", route.WireModelId, route.Gateway.Name, endpoint, false);
        var body = await GatewayTransport.SendAsync(_httpClient, request, route.ErrorRoute, Catalog, _timeProvider, _logger, cancellationToken).ConfigureAwait(false);
        try
        {
            return route.Shape == EmbeddingWireShape.Gemini
                ? GeminiEmbeddingsWire.ReadResponse(body, batch.Count)
                : OpenAIEmbeddingsWire.ReadResponse(body, batch.Count);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new MalformedResponseException(
                $"{route.Gateway.Name} answered the embeddings request for '{route.WireModelId}' with a body that is not a valid {route.Shape} embeddings response: {ex.Message}",
                ex)
            {
                Gateway = route.Gateway.Kind,
                ModelId = route.Model.Id,
            };
        }
    }

    private static string[] Slice(IReadOnlyList<string> inputs, int offset, int count)
    {
        var slice = new string[count];
        for (var i = 0; i < count; i++)
        {
            slice[i] = inputs[offset + i];
        }

        return slice;
    }

    private GatewayProfile SelectGateway(AdditionalPropertiesDictionary? properties)
    {
        if (properties?.TryGetValue(AiGatewayPropertyKeys.Gateway, out var value) != true)
        {
            return Environment.Primary;
        }

        foreach (var profile in Environment.Detected)
        {
            if (value is GatewayProfile p ? ReferenceEquals(p, profile) : value is GatewayKind k && profile.Kind == k)
            {
                return profile;
            }
        }

        throw new GatewayConfigurationException(
            $"The request asks for gateway '{value}', which was not detected. Detected: {string.Join(", ", Environment.Detected.Select(g => g.Kind))}.");
    }
}
