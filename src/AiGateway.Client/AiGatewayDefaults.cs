namespace AiGateway.Client;

/// <summary>Names and defaults shared by the client and its DI registration.</summary>
public static class AiGatewayDefaults
{
    /// <summary>The <see cref="System.Net.Http.IHttpClientFactory"/> client name: add handlers or a primary handler to it.</summary>
    public const string HttpClientName = "AiGateway";

    /// <summary>The default configuration section bound to <see cref="AiGatewayOptions"/>.</summary>
    public const string ConfigurationSectionName = "AiGateway";

    /// <summary>
    /// The HTTP timeout the client's own <see cref="System.Net.Http.HttpClient"/> uses (DI or not): the total time
    /// allowed until the response headers arrive, retries included. Each attempt is bounded by
    /// <see cref="AiGatewayOptions.TimeToFirstByte"/>; streams are then watched by <see cref="AiGatewayOptions.StreamIdleTimeout"/>.
    /// </summary>
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The default <see cref="AiGatewayOptions.TimeToFirstByte"/>: 3 minutes.</summary>
    public static readonly TimeSpan TimeToFirstByte = TimeSpan.FromMinutes(3);

    /// <summary>The default <see cref="AiGatewayOptions.MaxRetries"/>: 2.</summary>
    public const int MaxRetries = 2;

    /// <summary>The default <see cref="AiGatewayOptions.MaxRetryDelay"/>: 30 seconds.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
}
