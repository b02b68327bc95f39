namespace AiGateway.Client;

/// <summary>Names and defaults shared by the client and its DI registration.</summary>
public static class AiGatewayDefaults
{
    /// <summary>The <see cref="System.Net.Http.IHttpClientFactory"/> client name: add handlers or a primary handler to it.</summary>
    public const string HttpClientName = "AiGateway";

    /// <summary>The default configuration section bound to <see cref="AiGatewayOptions"/>.</summary>
    public const string ConfigurationSectionName = "AiGateway";

    /// <summary>
    /// The HTTP timeout the client's own <see cref="System.Net.Http.HttpClient"/> uses (DI or not): the time allowed
    /// until the response headers arrive. Ten minutes, because a non-streaming answer from a reasoning model can take
    /// several; streams are then watched by <see cref="AiGatewayOptions.StreamIdleTimeout"/>.
    /// </summary>
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromMinutes(10);
}
