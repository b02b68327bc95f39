using System.Text;

namespace AiGateway.Client.Tests.Gateways;

/// <summary>Builds unsigned JWT-shaped tokens with a chosen expiry (for the expired-token warnings).</summary>
internal static class Jwt
{
    public static string WithExpiry(DateTimeOffset expiry)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("{\"alg\":\"none\"}")}.{Part($"{{\"sub\":\"test\",\"exp\":{expiry.ToUnixTimeSeconds()}}}")}.sig";
    }
}
