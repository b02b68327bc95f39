namespace AiGateway.Client;

/// <summary>The diagnostic ids of this library's experimental APIs, the same ids Microsoft.Extensions.AI uses for the abstractions they implement.</summary>
public static class AiGatewayDiagnosticIds
{
    /// <summary>
    /// <c>MEAI001</c>: image generation (<c>AiGatewayImageGenerator</c>, <c>AddAiGatewayImages</c>),
    /// experimental because Microsoft.Extensions.AI's <c>IImageGenerator</c> is. Suppress it (<c>&lt;NoWarn&gt;MEAI001&lt;/NoWarn&gt;</c>
    /// or <c>#pragma warning disable MEAI001</c>) to opt in.
    /// </summary>
    public const string ImageGeneration = "MEAI001";
}
