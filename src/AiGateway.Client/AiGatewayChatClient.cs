// Why this file is long: the leaf client; construction, the whole call path, routing, request building, sending and response annotation share its route and HTTP state.
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects;
using AiGateway.Client.Errors;
using AiGateway.Client.Gateways;
using AiGateway.Client.Http;
using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AiGateway.Client;

/// <summary>
/// The leaf <see cref="IChatClient"/>: resolves the model in the catalog, routes it to the endpoint and dialect it
/// needs on the detected gateway, writes the request, and reads the answer (whole or streamed) back. Thread-safe;
/// create one and share it. Middleware (failover, tags, budgets) wraps it; see <c>services.AddAiGateway()</c>.
/// </summary>
public sealed partial class AiGatewayChatClient : IChatClient
{
    // Header values added unparsed: the header store keeps the string as it is (no parsed object and store item per
    // call, as setting ContentType or adding to Accept makes), and a handler that reads them parses them then.
    private const string JsonContentType = "application/json; charset=utf-8";
    private const string AcceptEventStream = "text/event-stream";
    private const string AcceptJson = "application/json";

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Router _router;
    private readonly ChatDialect? _preferredDialect;
    private readonly string? _defaultModel;
    private readonly TimeSpan? _catalogRefreshInterval;
    private readonly TimeSpan? _streamIdleTimeout;
    private long _nextCatalogRefreshTicks;
    private readonly bool _captureContent;
    private readonly bool _includeStreamingRawRepresentation;
    private volatile bool _disposed;

    // The route of the last call, reused by the router when the next call goes the same way (see Router.Route).
    private Route? _lastRoute;
    private NativeFallbackMemo? _lastNativeFallbacks;

    // Entry arrays AnnotateResponse builds a response's properties from, by size (see there).
    [ThreadStatic]
    private static KeyValuePair<string, object?>[]?[]? t_propertyEntries;

    // The response properties of the last route, copied into each whole response while calls take it.
    private ResponsePropertyTemplate? _lastPropertyTemplate;

    // The reader context of the last whole response, reused while calls take the same route.
    private DialectResponseContext? _lastResponseContext;

    // A body-read deadline that never fired, kept for the next call (see RentBodyDeadline).
    private BodyDeadline? _spareBodyDeadline;

    /// <summary>Creates a client.</summary>
    /// <param name="options">The settings; the gateway is detected from them and the environment now.</param>
    /// <param name="httpClient">The HTTP client to send with; <see langword="null"/> creates one owned by this client.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    /// <exception cref="GatewayConfigurationException">No gateway could be found or a setting is malformed.</exception>
    public AiGatewayChatClient(AiGatewayOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
        : this(options, GatewayEnvironment.Detect(options ?? throw new ArgumentNullException(nameof(options))), httpClient, loggerFactory)
    {
    }

    /// <summary>Creates a client over an environment that was already detected.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="environment">The detected gateways.</param>
    /// <param name="httpClient">The HTTP client to send with; <see langword="null"/> creates one owned by this client.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    public AiGatewayChatClient(AiGatewayOptions options, GatewayEnvironment environment, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AiGatewayChatClient>();
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        Catalog = options.Catalog ?? ModelCatalog.CreateDefault(
            options.StrictModels, options.CatalogRefreshTtl, _timeProvider, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ModelCatalog>());
        _router = Router.Default;
        _preferredDialect = options.PreferredDialect;
        _defaultModel = options.DefaultModel;
        _catalogRefreshInterval = options.RefreshCatalogInBackground ? options.CatalogRefreshTtl : null;
        _streamIdleTimeout = options.StreamIdleTimeout == Timeout.InfiniteTimeSpan ? null
            : options.StreamIdleTimeout > TimeSpan.Zero ? options.StreamIdleTimeout
            : throw new ArgumentOutOfRangeException(nameof(options), options.StreamIdleTimeout, "AiGatewayOptions.StreamIdleTimeout must be positive, or Timeout.InfiniteTimeSpan to wait for ever.");
        _captureContent = options.EnableSensitiveTelemetryData;
        _includeStreamingRawRepresentation = options.IncludeStreamingRawRepresentation;
        if (AiGatewayHttpResilience.Validate(options) is { } invalid)
        {
            throw new ArgumentOutOfRangeException(nameof(options), invalid);
        }

        if (httpClient is null)
        {
            // Long-lived client: recycle pooled connections so DNS changes are seen (IHttpClientFactory does this in DI).
            // The same HTTP-level resilience as the DI registration: retry honouring Retry-After, time to first byte.
            var resilience = new ResilienceHandler(AiGatewayHttpResilience.Build(options))
            {
                InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) },
            };
            _httpClient = new HttpClient(resilience)
            {
                // As in DI: a non-streaming answer from a reasoning model can take longer than HttpClient's default 100 s.
                Timeout = AiGatewayDefaults.HttpTimeout,
            };
            _ownsHttpClient = true;
        }
        else
        {
            _httpClient = httpClient;
        }

        // The OpenTelemetry GenAI provider (gen_ai.provider.name) of the default model; per call, the span says the
        // provider of the model actually routed.
        var provider = _defaultModel is null ? null : Catalog.Resolve(_defaultModel) is { IsKnown: true } known ? ChatCallTelemetry.ProviderName(known.Creator) : null;
        Metadata = new ChatClientMetadata(provider, environment.Primary.BaseUri, _defaultModel);
    }

    /// <summary>Gets the key of the keyed DI registration this client belongs to, or <see langword="null"/>.</summary>
    internal object? PipelineKey { get; init; }

    /// <summary>
    /// Gets or sets a value indicating whether an <c>OpenTelemetryChatClient</c> in the pipeline records the GenAI span
    /// and metrics of each call, so this client only adds the gateway's facts (set by the DI registration).
    /// </summary>
    internal bool GenAiTelemetryRecordedOutside { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a failover layer above decides retries, so the HTTP-level retry stands
    /// aside (set by <c>GatewayFailoverChatClient</c> when it wraps this client).
    /// </summary>
    internal bool RetriesDecidedByFailover { get; set; }

    /// <summary>Gets the detected gateways (the primary first).</summary>
    public GatewayEnvironment Environment { get; }

    /// <summary>Gets the model catalog.</summary>
    public IModelCatalog Catalog { get; }

    /// <summary>Gets the metadata: the primary gateway's name and base URI, and the default model.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>Creates a client from the process environment alone (for scripts).</summary>
    /// <returns>The client.</returns>
    public static AiGatewayChatClient FromEnvironment() => new(new AiGatewayOptions());

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var route = Route(options);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var outside = GenAiTelemetryRecordedOutside;
        using var activity = ChatCallTelemetry.Start(route, options, streaming: false, _captureContent ? list : null, outside, out var outer);
        outside |= outer is not null;
        var started = _timeProvider.GetTimestamp();
        try
        {
            using var request = CreateRequest(route, list, options, stream: false);
            using var response = await SendAsync(request, route, cancellationToken).ConfigureAwait(false);
            var (body, length) = await ReadBodyAsync(response, route, pooled: true, cancellationToken).ConfigureAwait(false);
            ChatResponse chatResponse;
            try
            {
                chatResponse = ChatDialects.Get(route.Dialect).ReadResponse(body.AsSpan(0, length), ResponseContext(route));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                throw MalformedResponse.Create(route, $"the body is not a valid {route.Dialect} response: {ex.Message}", ex);
            }
            finally
            {
                // The reader copies what it keeps out of the span; the buffer goes back to the pool.
                PooledResponseBody.Return(body);
            }

            var cost = AnnotateResponse(chatResponse, route, response);
            ChatCallTelemetry.RecordSuccess(
                activity,
                route,
                new(chatResponse.ResponseId, chatResponse.ModelId, chatResponse.FinishReason, chatResponse.Usage, cost, _captureContent ? chatResponse.Messages : null),
                _timeProvider,
                started,
                outer,
                outside);
            return chatResponse;
        }
        catch (Exception ex)
        {
            ChatCallTelemetry.RecordFailure(activity, route, ex, _timeProvider.GetElapsedTime(started), outside);
            throw;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new StreamedCall(this, messages, options, cancellationToken);

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

        if (serviceType == typeof(ChatClientMetadata))
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
    /// <remarks>
    /// Calls after this throw <see cref="ObjectDisposedException"/> instead of sending, also when the HTTP client is
    /// not this client's own (a client resolved from a service provider that has since been disposed).
    /// </remarks>
    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _spareBodyDeadline, null)?.Dispose();
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <summary>Resolves and routes the request's model on the gateway it names (or the primary).</summary>
    internal Route Route(ChatOptions? options)
    {
        StartCatalogRefreshIfDue();
        var modelId = options?.ModelId ?? _defaultModel
            ?? throw new InvalidRequestException("No model was given: set ChatOptions.ModelId on the request, or a default model (AiGateway:DefaultModel in configuration, AiGatewayOptions.DefaultModel in code).");
        var model = Catalog.Resolve(modelId);
        if (!model.IsKnown && _logger.IsEnabled(LogLevel.Warning))
        {
            // The same suggestions StrictModels' error gives, so a typo is as easy to spot without it.
            AiGatewayLog.UnknownModel(_logger, modelId, model.Id, ModelCatalog.DidYouMean(Catalog.Suggest(modelId)));
        }

        var gateway = SelectGateway(options);
        if (options.GetDialect() is { } requested)
        {
            // Asked for on this request: honoured or a clear error before sending.
            return _lastRoute = _router.Route(model, gateway, requested, modelId, _lastRoute);
        }

        // AiGatewayOptions.PreferredDialect is a preference across all models: used where the gateway serves the
        // model in it, else the routing table's default.
        var preferred = _preferredDialect is { } p && Router.CanRoute(model, gateway, p) ? p : (ChatDialect?)null;
        return _lastRoute = _router.Route(model, gateway, preferred, modelId, _lastRoute);
    }

    /// <summary>
    /// Reads a whole (non-streaming or error) body. HttpClient's timeout ends when the headers arrive, so the body is
    /// bounded by <see cref="AiGatewayOptions.StreamIdleTimeout"/> too: a connection that goes quiet mid-body must not hang.
    /// A body that breaks after the headers (reset, closed early, chunked encoding cut short) is a transient
    /// <see cref="ProviderUnavailableException"/> carrying the status that came with it, as a broken stream is.
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="route">Where the call went.</param>
    /// <param name="pooled">Whether the body goes in a buffer rented from the pool (the caller returns it with
    /// <see cref="PooledResponseBody.Return"/>) instead of a new array of its exact size.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    private async ValueTask<(byte[] Body, int Length)> ReadBodyAsync(HttpResponseMessage response, Route route, bool pooled, CancellationToken cancellationToken)
    {
        var deadline = RentBodyDeadline();
        var callerCancels = deadline is null ? default : cancellationToken.UnsafeRegister(static s => ((BodyDeadline)s!).Cancel(), deadline);
        try
        {
            var token = deadline?.Token ?? cancellationToken;
            if (pooled)
            {
                return await PooledResponseBody.ReadAsync(response.Content, token, deadline).ConfigureAwait(false);
            }

            deadline?.Arm();
            var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            return (body, body.Length);
        }
        catch (OperationCanceledException ex) when (deadline is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            throw StreamStalled(route, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw BodyBroken.Create(route, response.StatusCode, ex);
        }
        finally
        {
            callerCancels.Dispose();
            ReturnBodyDeadline(deadline);
        }
    }

    /// <summary>
    /// A deadline of <see cref="AiGatewayOptions.StreamIdleTimeout"/> for reading a body: the spare one of an earlier
    /// call when there is one, so a call does not create a token source and a timer.
    /// </summary>
    private BodyDeadline? RentBodyDeadline()
    {
        if (_streamIdleTimeout is not { } limit)
        {
            return null;
        }

        // Its timer comes from _timeProvider; it starts counting when the read first waits (BodyDeadline.Arm).
        return Interlocked.Exchange(ref _spareBodyDeadline, null) ?? new BodyDeadline(limit, _timeProvider);
    }

    /// <summary>Keeps <paramref name="deadline"/> as the spare when it never fired, else disposes it.</summary>
    private void ReturnBodyDeadline(BodyDeadline? deadline)
    {
        if (deadline is null)
        {
            return;
        }

        if (!deadline.TryReset() || Interlocked.CompareExchange(ref _spareBodyDeadline, deadline, null) is not null)
        {
            deadline.Dispose();
        }
    }

    private ProviderUnavailableException StreamStalled(Route route, OperationCanceledException inner) =>
        (ProviderUnavailableException)new ProviderUnavailableException(
            $"{route.Gateway.Name} stopped sending the {route.Dialect} answer for model '{route.WireModelId}' for {_streamIdleTimeout!.Value.TotalSeconds:0.###}s, so it was abandoned as stalled. The answer is incomplete; retry the call, or raise AiGatewayOptions.StreamIdleTimeout for models that think silently for longer.",
            inner).SetDetails(route.Gateway.Kind, route.Dialect, null, null, null, null, null, route.Model.Id, isTransient: true);

    /// <summary>Gets the background catalog refresh started last, for tests and diagnostics.</summary>
    internal Task<bool>? LastCatalogRefresh { get; private set; }

    /// <summary>
    /// Starts a background catalog refresh when <see cref="AiGatewayOptions.RefreshCatalogInBackground"/> is on and the
    /// interval has passed. One compare-exchange on the hot path; the request never waits for the refresh.
    /// </summary>
    private void StartCatalogRefreshIfDue()
    {
        if (_catalogRefreshInterval is not { } interval)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow().UtcTicks;
        var due = Volatile.Read(ref _nextCatalogRefreshTicks);
        if (now < due || Interlocked.CompareExchange(ref _nextCatalogRefreshTicks, now + Math.Max(interval.Ticks, TimeSpan.TicksPerSecond), due) != due)
        {
            return;
        }

        // RefreshAsync logs and returns false on failure; it never throws into the caller's request.
        LastCatalogRefresh = Task.Run(() => Catalog.RefreshAsync(Environment.Primary, _httpClient, CancellationToken.None));
    }

    private GatewayProfile SelectGateway(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.Gateway, out var value) != true)
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

    private HttpRequestMessage CreateRequest(Route route, IReadOnlyList<ChatMessage> list, ChatOptions? options, bool stream)
    {
        var gatewayContext = new GatewayRequestContext(route.Dialect, route.Model)
        {
            Tags = options.GetTags(),
            User = options.GetUser(),
            FallbackWireModelIds = NativeFallbackWireIds(route, options),
            Properties = options?.AdditionalProperties,
        };
        GatewayRequestOptions.LogIgnored(_logger, route.Gateway.Kind, options?.AdditionalProperties);
        var dialectRequest = new DialectRequest(list, options, route, stream, gatewayContext, _logger);

        // A pooled buffer (returned when the request is disposed) instead of a doubling array per call: a long
        // history would otherwise allocate its body several times over, on the large-object heap.
        var content = PooledBufferContent.WriteJson(dialectRequest, static (writer, r) => ChatDialects.Get(r.Route.Dialect).WriteRequest(writer, r));
        var request = new HttpRequestMessage(HttpMethod.Post, stream ? route.StreamingEndpoint : route.Endpoint) { Content = content };
        try
        {
            content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
            request.Headers.TryAddWithoutValidation("Accept", stream ? AcceptEventStream : AcceptJson);
            // Indexed, not foreach: enumerating an IReadOnlyList boxes its enumerator.
            var routeHeaders = route.Headers;
            for (var i = 0; i < routeHeaders.Count; i++)
            {
                request.Headers.TryAddWithoutValidation(routeHeaders[i].Key, routeHeaders[i].Value);
            }

            var bodyHeaders = dialectRequest.Headers;
            for (var i = 0; i < bodyHeaders.Count; i++)
            {
                // Headers the body needs (a beta tool's anthropic-beta); a gateway's own value for the name is kept too.
                request.Headers.TryAddWithoutValidation(bodyHeaders[i].Key, bodyHeaders[i].Value);
            }

            route.Gateway.AddRequestHeaders(request, gatewayContext);
            route.Gateway.ApplyAuthentication(request, route.Dialect, route.Model);
        }
        catch
        {
            request.Dispose();
            throw;
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // Checked here: the dialect's name would be made before the logger's own check.
            AiGatewayLog.Sending(_logger, route.Dialect.ToString(), route.WireModelId, route.Gateway.Name, request.RequestUri!, stream);
        }
        return request;
    }

    private async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, Route route, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        if (RetriesDecidedByFailover)
        {
            request.Options.Set(AiGatewayHttpResilience.RetriesDecidedByFailover, true);
        }

        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ProviderUnavailableException(
                $"{route.Gateway.Name} did not send response headers within the time to first byte ({ex.Timeout.TotalSeconds:0.###}s) for model '{route.WireModelId}'. Retry, stream the answer (headers then come at once), or raise AiGatewayOptions.TimeToFirstByte for long non-streamed answers.",
                ex).SetDetails(route.Gateway.Kind, route.Dialect, System.Net.HttpStatusCode.RequestTimeout, null, null, null, null, route.Model.Id, isTransient: true);
        }
        catch (BrokenCircuitException ex)
        {
            // A circuit breaker the app added to the HTTP client is open for this endpoint.
            throw new ProviderUnavailableException(
                $"Requests to {route.Gateway.Name} for model '{route.WireModelId}' are paused: a circuit breaker on the HTTP client is open after repeated failures. Retry after {ex.RetryAfter?.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "a while"}s.",
                ex).SetDetails(route.Gateway.Kind, route.Dialect, System.Net.HttpStatusCode.ServiceUnavailable, null, null, null, ex.RetryAfter, route.Model.Id, isTransient: true);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderUnavailableException(
                $"Could not reach {route.Gateway.Name} at {route.Endpoint.GetLeftPart(UriPartial.Authority)}: {ExceptionDetail.Describe(ex)} Check the network and the gateway base URL.",
                ex).SetDetails(route.Gateway.Kind, route.Dialect, null, null, null, null, null, route.Model.Id, isTransient: true);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed before the response headers arrived: a timeout, not the caller's cancellation.
            throw new ProviderUnavailableException(
                $"{route.Gateway.Name} did not answer within the HTTP client's timeout ({_httpClient.Timeout.TotalSeconds:0}s) for model '{route.WireModelId}'.",
                ex).SetDetails(route.Gateway.Kind, route.Dialect, System.Net.HttpStatusCode.RequestTimeout, null, null, null, null, route.Model.Id, isTransient: true);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        throw await ErrorResponseAsync(response, route, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads an error answer into the exception to throw (and disposes it). Apart from <see cref="SendAsync"/> so the
    /// lambda below, which captures the route, costs a closure only on this path.
    /// </summary>
    private async Task<AiGatewayException> ErrorResponseAsync(HttpResponseMessage response, Route route, CancellationToken cancellationToken)
    {
        using (response)
        {
            byte[] body;
            try
            {
                body = (await ReadBodyAsync(response, route, pooled: false, cancellationToken).ConfigureAwait(false)).Body;
            }
            catch (ProviderUnavailableException)
            {
                // The error body broke or stalled: the status alone still says what failed and whether to retry.
                body = [];
            }

            var ex = ErrorResponseReader.Create(response.StatusCode, response.Headers, body, route, _timeProvider, () => Catalog.Suggest(route.Model.IsKnown ? route.Model.Id : route.Model.Aliases.FirstOrDefault() ?? route.WireModelId, route.Gateway.Kind));
            AiGatewayLog.GatewayError(_logger, route.Gateway.Name, (int)response.StatusCode, route.WireModelId, ex.ErrorCode);
            return ex;
        }
    }

    private static void Annotate(AdditionalPropertiesDictionary properties, Route route, HttpResponseMessage? response)
    {
        properties[AiGatewayPropertyKeys.AnsweredGateway] = BoxedEnum<GatewayKind>.Of(route.Gateway.Kind);
        properties[AiGatewayPropertyKeys.AnsweredDialect] = BoxedEnum<ChatDialect>.Of(route.Dialect);
        properties[AiGatewayPropertyKeys.CatalogModelId] = route.Model.Id;
        if (response is not null && GatewayHeaders.CloudflareCacheStatus(response) is { } cacheStatus)
        {
            properties[AiGatewayPropertyKeys.CloudflareCacheStatus] = cacheStatus;
        }
    }

    /// <summary>
    /// The properties <see cref="Annotate"/> puts on a response of one route, with and without a cost
    /// (a placeholder the call fills in): never changed after construction, only copied. A
    /// <see cref="Dictionary{TKey, TValue}"/> with the comparer <see cref="AdditionalPropertiesDictionary"/> uses, so
    /// the copy takes its entries as they are, without hashing a key.
    /// </summary>
    private sealed class ResponsePropertyTemplate
    {
        public ResponsePropertyTemplate(Route route)
        {
            Route = route;
            WithoutCost = new Dictionary<string, object?>(3, StringComparer.OrdinalIgnoreCase)
            {
                [AiGatewayPropertyKeys.AnsweredGateway] = BoxedEnum<GatewayKind>.Of(route.Gateway.Kind),
                [AiGatewayPropertyKeys.AnsweredDialect] = BoxedEnum<ChatDialect>.Of(route.Dialect),
                [AiGatewayPropertyKeys.CatalogModelId] = route.Model.Id,
            };
            WithCost = new Dictionary<string, object?>(WithoutCost, StringComparer.OrdinalIgnoreCase) { [AiGatewayPropertyKeys.CostUsd] = null };
        }

        public Route Route { get; }

        public Dictionary<string, object?> WithoutCost { get; }

        public Dictionary<string, object?> WithCost { get; }
    }

    private DialectResponseContext ResponseContext(Route route)
    {
        var context = _lastResponseContext;
        if (context?.Route != route)
        {
            _lastResponseContext = context = new DialectResponseContext(route, _logger, _timeProvider);
        }

        return context;
    }

    /// <summary>
    /// Puts the gateway's facts (<see cref="Annotate"/>) and the call's cost (<see cref="AnnotateCost"/>) on a whole
    /// response. When the reader added no properties, the dictionary is created at its final size in one step, instead
    /// of growing while four keys go in and being searched for the cost the reader did not put there: copied from the
    /// route's template (<see cref="ResponsePropertyTemplate"/>), which copies its entries without hashing a key, then
    /// given the cost.
    /// </summary>
    /// <returns>The cost now on the response, for the span and the cost metric.</returns>
    private decimal? AnnotateResponse(ChatResponse chatResponse, Route route, HttpResponseMessage response)
    {
        if (chatResponse.AdditionalProperties is { } properties)
        {
            Annotate(properties, route, response);
            return AnnotateCost(properties, route, chatResponse.Usage);
        }

        var cost = chatResponse.Usage is { } usage ? CostCalculator.Calculate(route.Model, usage) : null;
        var cacheStatus = GatewayHeaders.CloudflareCacheStatus(response);
        if (cacheStatus is null)
        {
            var template = _lastPropertyTemplate;
            if (template?.Route != route)
            {
                _lastPropertyTemplate = template = new ResponsePropertyTemplate(route);
            }

            if (cost is not { } priced)
            {
                chatResponse.AdditionalProperties = new AdditionalPropertiesDictionary(template.WithoutCost);
                return null;
            }

            var annotated = new AdditionalPropertiesDictionary(template.WithCost);
            annotated[AiGatewayPropertyKeys.CostUsd] = priced;
            chatResponse.AdditionalProperties = annotated;
            return cost;
        }

        // The dictionary copies the entries; the array (one per size, per thread) is cleared and kept for the next call.
        var size = 3 + (cost is null ? 0 : 1) + (cacheStatus is null ? 0 : 1);
        var entries = (t_propertyEntries ??= new KeyValuePair<string, object?>[6][])[size] ??= new KeyValuePair<string, object?>[size];
        entries[0] = new(AiGatewayPropertyKeys.AnsweredGateway, BoxedEnum<GatewayKind>.Of(route.Gateway.Kind));
        entries[1] = new(AiGatewayPropertyKeys.AnsweredDialect, BoxedEnum<ChatDialect>.Of(route.Dialect));
        entries[2] = new(AiGatewayPropertyKeys.CatalogModelId, route.Model.Id);
        var next = 3;
        if (cacheStatus is not null)
        {
            entries[next++] = new(AiGatewayPropertyKeys.CloudflareCacheStatus, cacheStatus);
        }

        if (cost is { } calculated)
        {
            entries[next] = new(AiGatewayPropertyKeys.CostUsd, calculated);
        }

        chatResponse.AdditionalProperties = new AdditionalPropertiesDictionary(entries);
        Array.Clear(entries);
        return cost;
    }

    /// <summary>
    /// Puts the call's cost on the response: the gateway's own report when the reader found one (it is already
    /// there), else the catalog price of the usage.
    /// </summary>
    /// <returns>The cost now on the response, for the span and the cost metric.</returns>
    private static decimal? AnnotateCost(AdditionalPropertiesDictionary properties, Route route, UsageDetails? usage)
    {
        if (usage is not null && !properties.ContainsKey(AiGatewayPropertyKeys.CostUsd) && CostCalculator.Calculate(route.Model, usage) is { } cost)
        {
            properties[AiGatewayPropertyKeys.CostUsd] = cost;
        }

        return properties.TryGetValue(AiGatewayPropertyKeys.CostUsd, out var value) && value is decimal reported ? reported : null;
    }

    /// <summary>
    /// Resolves <see cref="AiGatewayPropertyKeys.NativeFallbackModels"/> to wire ids on the call's gateway (through
    /// the catalog and router, in the call's dialect, since the gateway falls back within the same request). A model
    /// that cannot be routed there is left out rather than failing the call.
    /// </summary>
    internal IReadOnlyList<string> NativeFallbackWireIds(Route route, ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.NativeFallbackModels, out var value) != true)
        {
            return [];
        }

        // Failover hands the same array to every call of a target list: remember the last answer for it, while the
        // catalog is the same (a refresh swaps its model list).
        var catalogVersion = Catalog.Models;
        if (Volatile.Read(ref _lastNativeFallbacks) is { } last && ReferenceEquals(last.Requested, value) && ReferenceEquals(last.Route, route) && ReferenceEquals(last.CatalogVersion, catalogVersion))
        {
            return last.WireIds;
        }

        var wireIdList = ResolveNativeFallbackWireIds(route, value);
        if (value is string[])
        {
            Volatile.Write(ref _lastNativeFallbacks, new NativeFallbackMemo(value, route, catalogVersion, wireIdList));
        }

        return wireIdList;
    }

    private IReadOnlyList<string> ResolveNativeFallbackWireIds(Route route, object? value)
    {
        IEnumerable<string> modelIds = value switch
        {
            string one => [one],
            IEnumerable<string> many => many,
            _ => [],
        };
        List<string>? wireIds = null;
        foreach (var modelId in modelIds)
        {
            if (string.IsNullOrWhiteSpace(modelId))
            {
                continue;
            }

            try
            {
                var fallback = _router.Route(Catalog.Resolve(modelId), route.Gateway, route.Dialect, modelId);
                if (fallback.WireModelId != route.WireModelId && (wireIds is null || !wireIds.Contains(fallback.WireModelId)))
                {
                    (wireIds ??= []).Add(fallback.WireModelId);
                }
            }
            catch (Exception ex) when (ex is AiGatewayException or NotSupportedException or ArgumentException)
            {
                AiGatewayLog.NativeFallbackSkipped(_logger, modelId, route.Gateway.Name, ex.GetType().Name);
            }
        }

        return wireIds ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The wire ids <see cref="NativeFallbackWireIds"/> gave for one fallback array on one route.</summary>
    private sealed record NativeFallbackMemo(object Requested, Route Route, object CatalogVersion, IReadOnlyList<string> WireIds);
}
