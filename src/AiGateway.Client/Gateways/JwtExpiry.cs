using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Reads the <c>exp</c> claim of a JWT (Netlify's gateway token and Vercel's OIDC token are JWTs) so the diagnosis
/// can say a token pulled into a <c>.env</c> file has expired. The token is not verified; nothing is printed from it.
/// </summary>
internal static class JwtExpiry
{
    public static DateTimeOffset? TryRead(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[1].Length == 0)
        {
            return null;
        }

        var base64 = new StringBuilder(parts[1]).Replace('-', '+').Replace('_', '/');
        base64.Append('=', (4 - (base64.Length % 4)) % 4);
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.ToString(), bytes, out var written))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes.AsSpan(0, written));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isExp = reader.ValueTextEquals("exp"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isExp && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds))
                {
                    return DateTimeOffset.FromUnixTimeSeconds(seconds);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: not a JWT we can read; say nothing.
        }
        catch (ArgumentOutOfRangeException)
        {
            // An exp outside DateTimeOffset's range.
        }

        return null;
    }
}
