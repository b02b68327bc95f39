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

    /// <summary>The scheme and authority with a trailing slash and no path (<c>https://host/</c>).</summary>
    public static Uri Root(Uri uri) => new(uri.GetLeftPart(UriPartial.Authority) + "/");

    /// <summary>
    /// Returns <paramref name="uri"/> as a directory whose path ends in exactly one <paramref name="segment"/>
    /// (<c>…/api/ai</c>, <c>…/api/ai/v1</c> and <c>…/api/ai/v1/v1/</c> all become <c>…/api/ai/v1/</c>).
    /// </summary>
    public static Uri WithSingleTrailingSegment(Uri uri, string segment)
    {
        var builder = new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty };
        var path = builder.Path.TrimEnd('/');
        var suffix = "/" + segment;
        while (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^suffix.Length].TrimEnd('/');
        }

        builder.Path = path + suffix + "/";
        return builder.Uri;
    }

    /// <summary>
    /// A URI for messages and the diagnosis: scheme, host, port and path only. User info and the query are left
    /// out because they can carry credentials (<c>https://user:pass@…</c>, <c>?key=…</c>).
    /// </summary>
    public static string Display(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return "(relative URI)";
        }

        // Authority has host and port but never user info.
        return $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}";
    }
}
