namespace AiGateway.Client.Gateways;

/// <summary>URI helpers that avoid <c>new Uri(base, relative)</c> silently dropping the last path segment of a base without a trailing slash.</summary>
internal static class GatewayUri
{
    /// <summary>Returns <paramref name="uri"/> with exactly one trailing slash on its path and no query or fragment.</summary>
    public static Uri AsDirectory(Uri uri)
    {
        var builder = new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }

    /// <summary>Appends a relative path (no leading slash) to a directory URI.</summary>
    public static Uri Combine(Uri directory, string relativePath) =>
        new(AsDirectory(directory), relativePath.TrimStart('/'));

    /// <summary>Whether a URI is safe to send a key to: HTTPS, or plain HTTP only to a loopback host.</summary>
    public static bool IsSecureOrLoopback(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
}
