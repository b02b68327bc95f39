namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>Every request header that can carry a credential, in any dialect or gateway.</summary>
internal static class CredentialHeaders
{
    public static readonly string[] All = ["authorization", "x-api-key", "x-goog-api-key", "cf-aig-authorization", "api-key", "proxy-authorization"];
}
