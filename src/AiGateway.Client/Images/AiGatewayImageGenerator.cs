using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Gateways;
using AiGateway.Client.Http;
using AiGateway.Client.Transport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Client.Images;

/// <summary>
/// The leaf <see cref="IImageGenerator"/>: Gemini image models through generateContent (Netlify, Neon, Cloudflare,
/// Google), OpenAI image models through the images API (Vercel, Netlify, Cloudflare, OpenAI), with input images for
/// editing where the gateway supports them. Usage and catalog cost come back on the response
/// (<see cref="ImageGenerationResponse.Usage"/>, <c>RawRepresentation</c> is the route's body). Thread-safe.
/// </summary>
/// <remarks>
/// Experimental, like <see cref="IImageGenerator"/> itself in Microsoft.Extensions.AI 11 (diagnostic <c>MEAI001</c>):
/// the abstraction may still change, so callers opt in knowingly.
/// </remarks>
[Experimental(AiGatewayDiagnosticIds.ImageGeneration)]
public sealed class AiGatewayImageGenerator : IImageGenerator
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string? _defaultModel;

    /// <summary>Creates a generator; the gateway is detected from <paramref name="options"/> and the environment now.</summary>
    /// <param name="options">The settings (<see cref="AiGatewayOptions.ImageModel"/> is the default model).</param>
    /// <param name="httpClient">The HTTP client to send with; <see langword="null"/> creates one owned by this generator.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    public AiGatewayImageGenerator(AiGatewayOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
        : this(options, GatewayEnvironment.Detect(options ?? throw new ArgumentNullException(nameof(options))), httpClient, loggerFactory)
    {
    }

    /// <summary>Creates a generator over an environment that was already detected.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="environment">The detected gateways.</param>
    /// <param name="httpClient">The HTTP client to send with; <see langword="null"/> creates one owned by this generator.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    public AiGatewayImageGenerator(AiGatewayOptions options, GatewayEnvironment environment, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger<AiGatewayImageGenerator>();
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        Catalog = options.Catalog ?? ModelCatalog.CreateDefault(options.StrictModels, options.CatalogRefreshTtl, _timeProvider, factory.CreateLogger<ModelCatalog>());
        _defaultModel = options.ImageModel;
        if (httpClient is null)
        {
            _httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = AiGatewayDefaults.HttpTimeout };
            _ownsHttpClient = true;
        }
        else
        {
            _httpClient = httpClient;
        }

        Metadata = new ImageGeneratorMetadata(environment.Primary.Name, environment.Primary.BaseUri, _defaultModel);
    }

    /// <summary>Gets the detected gateways (the primary first).</summary>
    public GatewayEnvironment Environment { get; }

    /// <summary>Gets the model catalog.</summary>
    public IModelCatalog Catalog { get; }

    /// <summary>Gets the metadata: the primary gateway's name and base URI, and the default model.</summary>
    public ImageGeneratorMetadata Metadata { get; }

    /// <inheritdoc />
    /// <exception cref="DialectNotSupportedException">The gateway does not serve the model's images (or edits with input images).</exception>
    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = request.Prompt;
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new ArgumentException("The image request has no prompt; say what to generate or how to change the input images.", nameof(request));
        }

        var images = InputImages(request);
        var modelId = options?.ModelId ?? _defaultModel
            ?? throw new InvalidRequestException("No image model was given: set ImageGenerationOptions.ModelId on the request or AiGatewayOptions.ImageModel (AiGateway:ImageModel).");
        var model = Catalog.Resolve(modelId);
        if (!model.IsKnown)
        {
            AiGatewayLog.UnknownModel(_logger, modelId, model.Id, ModelCatalog.DidYouMean(Catalog.Suggest(modelId)));
        }

        var route = ImageRouter.Route(model, SelectGateway(options?.AdditionalProperties), modelId, edit: images.Count > 0);
        var tags = options.GetTags();
        var context = new GatewayRequestContext(route.AuthDialect, route.Model) { Tags = tags, User = options.GetUser() };
        using var activity = ImageCallTelemetry.Start(route, tags, out var outer);
        var started = _timeProvider.GetTimestamp();
        try
        {
            var contents = new List<AIContent>();
            long? input = 0, output = 0;

            // Gemini answers one image a call; the images API takes n.
            var rounds = route.Shape == ImageWireShape.GenerateContent ? Math.Max(1, options?.Count ?? 1) : 1;
            object? raw = null;
            for (var i = 0; i < rounds; i++)
            {
                var (answer, usage, body) = await SendAsync(route, prompt, images, options, context, cancellationToken).ConfigureAwait(false);
                contents.AddRange(answer);
                input = input is { } a && usage?.InputTokenCount is { } b ? a + b : null;
                output = output is { } c && usage?.OutputTokenCount is { } d ? c + d : null;
                raw ??= body;
            }

            var response = new ImageGenerationResponse(contents) { RawRepresentation = raw };
            decimal? cost = null;
            if (input is not null || output is not null)
            {
                response.Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = (input ?? 0) + (output ?? 0) };
                cost = CostCalculator.Calculate(route.Model, response.Usage);
            }

            ImageCallTelemetry.RecordSuccess(activity, outer, route, input, output, cost, _timeProvider.GetElapsedTime(started));
            return response;
        }
        catch (Exception ex)
        {
            ImageCallTelemetry.RecordFailure(activity, outer, route, ex, _timeProvider.GetElapsedTime(started));
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

        if (serviceType == typeof(ImageGeneratorMetadata))
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

    private static List<DataContent> InputImages(ImageGenerationRequest request)
    {
        var images = new List<DataContent>();
        foreach (var content in request.OriginalImages ?? [])
        {
            if (content is DataContent data && data.HasTopLevelMediaType("image"))
            {
                images.Add(data);
            }
            else
            {
                throw new InvalidRequestException(
                    $"An input image is a {content.GetType().Name}{(content is UriContent uri ? $" ({uri.Uri})" : string.Empty)}; the gateways take the image bytes. Load it into a DataContent with an image/* media type. Nothing was sent.");
            }
        }

        return images;
    }

    private async Task<(List<AIContent> Contents, UsageDetails? Usage, byte[] Body)> SendAsync(
        ImageRoute route, string prompt, IReadOnlyList<DataContent> images, ImageGenerationOptions? options, GatewayRequestContext context, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route.Endpoint);
        if (route.Shape == ImageWireShape.OpenAIImages && images.Count > 0)
        {
            request.Content = OpenAIImagesWire.CreateEdit(route.WireModelId, prompt, images, options, context.User);
        }
        else
        {
            request.Content = PooledBufferContent.WriteJson((route, prompt, images, options, context), static (writer, s) =>
            {
                if (s.route.Shape == ImageWireShape.GenerateContent)
                {
                    GeminiImageWire.WriteRequest(writer, s.prompt, s.images, s.options?.ImageSize, s.route.Gateway, s.context);
                }
                else
                {
                    OpenAIImagesWire.WriteGeneration(writer, s.route.WireModelId, s.prompt, s.options, s.route.Gateway, s.context);
                }
            });
            request.Content.Headers.ContentType = GatewayTransport.JsonContentType;
        }

        request.Headers.Accept.Add(GatewayTransport.AcceptJson);
        route.Gateway.AddRequestHeaders(request, context);
        route.Gateway.ApplyAuthentication(request, route.AuthDialect, route.Model);
        AiGatewayLog.Sending(_logger, "Images", route.WireModelId, route.Gateway.Name, route.Endpoint, false);
        var body = await GatewayTransport.SendAsync(_httpClient, request, route.ErrorRoute, Catalog, _timeProvider, _logger, cancellationToken).ConfigureAwait(false);
        try
        {
            var (contents, usage) = route.Shape == ImageWireShape.GenerateContent
                ? GeminiImageWire.ReadResponse(body)
                : OpenAIImagesWire.ReadResponse(body, OpenAIImagesWire.MediaTypeOf(options));
            return (contents, usage, body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new MalformedResponseException(
                $"{route.Gateway.Name} answered the image request for '{route.WireModelId}' with a body that is not a valid {route.Shape} response: {ex.Message}", ex)
            {
                Gateway = route.Gateway.Kind,
                ModelId = route.Model.Id,
            };
        }
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
