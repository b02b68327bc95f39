using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;

namespace AiGateway.Client;

/// <summary>
/// Settings of the AI gateway client. Everything is optional: with no settings the gateway is detected from the
/// environment. Bind from configuration (section <c>AiGateway</c>) or set in code.
/// </summary>
public sealed class AiGatewayOptions
{
    /// <summary>Gets or sets the gateway to use; <see langword="null"/> detects it from the environment.</summary>
    public GatewayKind? Gateway { get; set; }

    /// <summary>Gets or sets the model used when a request sets no <c>ChatOptions.ModelId</c>. Any catalog alias.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Gets or sets where variables are read from; <see langword="null"/> means the process environment.</summary>
    public IEnvironmentSource? Environment { get; set; }

    /// <summary>Gets or sets an explicit base URL, which wins over anything detected.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets an explicit key or token, which wins over anything detected. Never logged or printed.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the Cloudflare account id, which wins over the variables.</summary>
    public string? AccountId { get; set; }

    /// <summary>Gets or sets the Cloudflare AI Gateway id, which wins over the variables.</summary>
    public string? GatewayId { get; set; }

    /// <summary>Gets or sets the Cloudflare AI Gateway token (<c>cf-aig-authorization</c>). Never logged or printed.</summary>
    public string? GatewayToken { get; set; }

    /// <summary>Gets or sets the directory <see cref="LoadDotEnvFiles"/> reads <c>.env</c> and <c>.env.local</c> from; <see langword="null"/> means the current directory.</summary>
    public string? DotEnvDirectory { get; set; }

    /// <summary>Gets or sets a dialect to prefer when the gateway serves the model in more than one.</summary>
    public ChatDialect? PreferredDialect { get; set; }

    /// <summary>Gets or sets a value indicating whether a model id the catalog does not know fails before sending (<see cref="ModelNotFoundException"/>).</summary>
    public bool StrictModels { get; set; }

    /// <summary>
    /// Gets or sets how long a gateway's model list, once fetched by <see cref="IModelCatalog.RefreshAsync"/>, is reused
    /// before a refresh asks the gateway again (applies to the embedded catalog; default one hour; zero refetches every time).
    /// </summary>
    public TimeSpan CatalogRefreshTtl { get; set; } = ModelCatalog.DefaultRefreshTtl;

    /// <summary>
    /// Gets or sets a value indicating whether the client refreshes the catalog from the primary gateway's model list
    /// (<c>GET …/models</c> on Vercel, Neon, Rebyte and OpenAI) in the background: on the first request and then once
    /// per <see cref="CatalogRefreshTtl"/>. Requests never wait for it and a failed refresh only logs. Off by default.
    /// </summary>
    public bool RefreshCatalogInBackground { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>.env</c> and <c>.env.local</c> in the working directory are read (as <c>vercel env pull</c> and <c>neon env pull</c> write them). Process variables win.</summary>
    public bool LoadDotEnvFiles { get; set; }

    /// <summary>Gets or sets the catalog; <see langword="null"/> uses the embedded one.</summary>
    public IModelCatalog? Catalog { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether message content (prompts, answers, tool arguments and results) is
    /// recorded on the call's span as <c>gen_ai.input.messages</c> / <c>gen_ai.output.messages</c>. Off by default:
    /// content may hold personal data. Keys and tokens are never recorded either way.
    /// </summary>
    public bool EnableSensitiveTelemetryData { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether each streamed <see cref="Microsoft.Extensions.AI.ChatResponseUpdate"/>
    /// carries the wire chunk it was read from in <see cref="Microsoft.Extensions.AI.ChatResponseUpdate.RawRepresentation"/>.
    /// Off by default: keeping a parsed copy of every chunk costs time and memory on every stream, and most callers never
    /// look at it; then streamed updates have no raw representation. Whole (non-streamed) responses always carry theirs.
    /// Configuration key <c>AiGateway:IncludeStreamingRawRepresentation</c>.
    /// </summary>
    public bool IncludeStreamingRawRepresentation { get; set; }

    /// <summary>
    /// Gets or sets how long a read of a streamed answer may wait for its next update (time the caller spends on the last
    /// update does not count), and how long a whole answer's body may take to arrive once its headers have, before it is
    /// abandoned as stalled
    /// (<see cref="ProviderUnavailableException"/>, transient). Default 10 minutes, generous because some
    /// reasoning models stream nothing while they think; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long one HTTP attempt may wait for the response headers (connection, request and the model's
    /// time to first byte). Default 3 minutes: a streamed answer sends its headers at once, a whole answer only when the
    /// model has finished, so this is also the longest a non-streamed answer may think. Raise it (or stream) for long
    /// non-streamed reasoning; <see cref="Timeout.InfiniteTimeSpan"/> removes the bound. An attempt that times out is a
    /// transient <see cref="ProviderUnavailableException"/> (HTTP status 408 on the exception).
    /// </summary>
    /// <remarks>
    /// With the defaults, a call waits at most <c>(1 + MaxRetries) × TimeToFirstByte</c> plus the retry delays
    /// (each at most <see cref="MaxRetryDelay"/>) for its headers, and never more than
    /// <see cref="AiGatewayDefaults.HttpTimeout"/> in all; then <see cref="StreamIdleTimeout"/> watches the body.
    /// </remarks>
    public TimeSpan TimeToFirstByte { get; set; } = AiGatewayDefaults.TimeToFirstByte;

    /// <summary>
    /// Gets or sets how many times a request that failed transiently (connection error, time-to-first-byte timeout,
    /// 408, 429, 500, 502, 503, 504, 529) is sent again by the HTTP layer, honouring <c>Retry-After</c>. Default 2, as
    /// the official provider SDKs do. When the pipeline has <c>UseFailover()</c>, failover decides instead (its
    /// <c>MaxAttemptsPerTarget</c>) and this HTTP-level retry stays off, so a failing call never multiplies retries.
    /// </summary>
    public int MaxRetries { get; set; } = AiGatewayDefaults.MaxRetries;

    /// <summary>
    /// Gets or sets the longest delay the HTTP-level retry waits before sending again. A <c>Retry-After</c> that asks
    /// for longer is not waited for: the 429/503 reaches the caller at once, with its
    /// <see cref="AiGatewayException.RetryAfter"/>. Default 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = AiGatewayDefaults.MaxRetryDelay;

    /// <summary>Gets or sets the clock; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Gets or sets the embedding model <c>AddAiGatewayEmbeddings</c> and <see cref="Embeddings.AiGatewayEmbeddingGenerator"/>
    /// use when a request names none (for example <c>text-embedding-3-small</c>); configuration key <c>AiGateway:EmbeddingModel</c>.
    /// </summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>
    /// Gets or sets the image model <c>AddAiGatewayImages</c> and <c>AiGatewayImageGenerator</c> use when a request names
    /// none (for example <c>gemini-2.5-flash-image</c> or <c>gpt-image-1</c>); configuration key <c>AiGateway:ImageModel</c>.
    /// </summary>
    public string? ImageModel { get; set; }
}
