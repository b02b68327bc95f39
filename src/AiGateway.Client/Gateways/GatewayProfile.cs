using System.Text.Json;
using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// What the client knows about one gateway: which dialects it serves, the absolute endpoint of each, how each
/// dialect authenticates, and the gateway's native request features (tags, user, fallbacks). Built by
/// <see cref="GatewayEnvironment"/> from variables or options. <see cref="ToString"/> never shows a secret.
/// </summary>
public abstract class GatewayProfile
{
    /// <summary>Initializes the profile.</summary>
    /// <param name="kind">The gateway kind.</param>
    /// <param name="baseUri">The gateway's root URI (for metadata and diagnostics).</param>
    protected GatewayProfile(GatewayKind kind, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        Kind = kind;
        BaseUri = baseUri;
    }

    /// <summary>Gets the gateway kind.</summary>
    public GatewayKind Kind { get; }

    /// <summary>Gets a human-readable name, for example <c>Netlify AI Gateway</c>.</summary>
    public virtual string Name => Kind.ToString();

    /// <summary>Gets the gateway's root URI.</summary>
    public Uri BaseUri { get; }

    /// <summary>Gets the dialects this gateway has endpoints for.</summary>
    public abstract IReadOnlyCollection<ChatDialect> Dialects { get; }

    /// <summary>Gets the names of the variables or options this profile was built from (names only, never values).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>
    /// Gets the credentials this profile sends, for fingerprints in <see cref="GatewayEnvironment.Diagnose()"/>.
    /// Each is read when asked, so a fingerprint shows the current (possibly rotated) value, never the value itself.
    /// </summary>
    public virtual IReadOnlyList<GatewayCredential> Credentials => [];

    /// <summary>Gets the base URL each dialect's path is appended to (for the diagnosis); by default <see cref="BaseUri"/> for every dialect.</summary>
    public virtual IReadOnlyDictionary<ChatDialect, Uri> DialectBaseUris => Dialects.ToDictionary(dialect => dialect, _ => BaseUri);

    /// <summary>Gets the absolute URI of the gateway's model list (<c>GET …/models</c>), or <see langword="null"/> when it has none.</summary>
    public virtual Uri? ModelsEndpoint => null;

    /// <summary>
    /// Tells whether this gateway can serve <paramref name="model"/> in <paramref name="dialect"/> with the credentials
    /// it has (a direct profile with only an OpenAI key cannot serve Anthropic models).
    /// </summary>
    /// <param name="dialect">The dialect.</param>
    /// <param name="model">The model.</param>
    /// <returns><see langword="true"/> when a call can be sent.</returns>
    public virtual bool CanServe(ChatDialect dialect, CatalogModel model) => Dialects.Contains(dialect);

    /// <summary>Gets the absolute endpoint of a call.</summary>
    /// <param name="dialect">The dialect.</param>
    /// <param name="model">The catalog model.</param>
    /// <param name="wireModelId">The model id as this gateway writes it (Gemini puts it in the path).</param>
    /// <param name="streaming">Whether the call streams (Gemini uses another path).</param>
    /// <returns>The absolute URI.</returns>
    public abstract Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming);

    /// <summary>
    /// Adds the authentication headers of <paramref name="dialect"/> to <paramref name="request"/>, reading the
    /// credential now. Implementations must not add any header of another dialect.
    /// </summary>
    /// <param name="request">The outgoing request.</param>
    /// <param name="dialect">The dialect of the call.</param>
    /// <param name="model">The catalog model (Cloudflare picks the provider key by it).</param>
    public abstract void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model);

    /// <summary>Adds the gateway's native non-secret request headers (for example Cloudflare's <c>cf-aig-metadata</c>).</summary>
    /// <param name="request">The outgoing request.</param>
    /// <param name="context">What the call carries.</param>
    internal virtual void AddRequestHeaders(HttpRequestMessage request, GatewayRequestContext context)
    {
    }

    /// <summary>
    /// Writes the gateway's native body fields (for example Vercel's <c>providerOptions.gateway</c>) into the
    /// root JSON object of the request. Called by every dialect writer just before it closes the root object.
    /// </summary>
    /// <param name="writer">The writer, positioned inside the root object.</param>
    /// <param name="context">What the call carries.</param>
    internal virtual void WriteBodyExtensions(Utf8JsonWriter writer, GatewayRequestContext context)
    {
    }

    /// <summary>
    /// Gets what to set so this gateway can serve <paramref name="model"/>, when it cannot now for want of a
    /// variable (for example Netlify's OpenRouter pair), for the routing error; <see langword="null"/> when nothing would help.
    /// </summary>
    /// <param name="model">The model that cannot be served.</param>
    /// <returns>The fix, naming the variables (never their values), or <see langword="null"/>.</returns>
    internal virtual string? CannotServeHint(CatalogModel model) => null;

    /// <summary>
    /// Gets the id sent for <paramref name="model"/> from the id the routing rules gave (<paramref name="routedId"/>),
    /// for a profile whose route names models differently from its gateway's other routes (Cloudflare's REST API).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="routedId">The id by the catalog and the gateway's routing rules.</param>
    /// <returns>The id to send; <paramref name="routedId"/> by default.</returns>
    internal virtual string WireModelId(CatalogModel model, string routedId) => routedId;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({GatewayUri.Display(BaseUri)})";
}
