using static AiGateway.Client.Gateways.GatewayDetectionContext;

namespace AiGateway.Client.Gateways;

/// <summary>
/// An OpenAI-compatible endpoint is never detected from the environment: it exists only when the explicit options
/// name it (<c>AiGatewayOptions.Gateway = OpenAICompatible</c>, or a <c>BaseUrl</c> no other gateway owns).
/// </summary>
internal sealed class OpenAICompatibleDetector : IGatewayDetector
{
    /// <inheritdoc />
    public GatewayKind Kind => GatewayKind.OpenAICompatible;

    /// <inheritdoc />
    public void Detect(GatewayDetectionContext context, bool isExplicit)
    {
        if (!isExplicit)
        {
            return;
        }

        var candidate = context.Add(GatewayKind.OpenAICompatible, rank: 0, isExplicit: true);
        if (context.ExplicitBaseUri is not { } baseUrl)
        {
            candidate.Fail($"AiGatewayOptions.Gateway is OpenAICompatible, but {ExplicitBaseUrl} is not set: set it to the endpoint's base URL (for example https://host/v1).");
            return;
        }

        var key = context.ExplicitKey();
        if (key is null)
        {
            candidate.Notes.Add($"No {ExplicitApiKey}: requests are sent without an Authorization header.");
        }

        candidate.Profile = new OpenAICompatibleGateway(baseUrl, key)
        {
            Sources = key is null ? [ExplicitBaseUrl] : [ExplicitBaseUrl, ExplicitApiKey],
        };
    }
}
