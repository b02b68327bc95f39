namespace AiGateway.Client;

/// <summary>Names and defaults shared by the client and its DI registration.</summary>
public static class AiGatewayDefaults
{
    /// <summary>The <see cref="System.Net.Http.IHttpClientFactory"/> client name: add handlers or a primary handler to it.</summary>
    public const string HttpClientName = "AiGateway";

    /// <summary>The default configuration section bound to <see cref="AiGatewayOptions"/>.</summary>
    public const string ConfigurationSectionName = "AiGateway";
}
