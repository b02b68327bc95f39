namespace AiGateway.Client.Middleware.Tagging;

/// <summary>
/// A layer that decides the tags and user a request is sent with (the tagging middleware). Other middleware (budgets)
/// finds it through <c>GetService</c>, so a wrapper of the app's own between the two does not hide it.
/// </summary>
/// <typeparam name="TOptions">The options type of the calls (chat, embedding or image options).</typeparam>
internal interface IRequestAttributionSource<in TOptions>
    where TOptions : class
{
    /// <summary>The tags and user a request with <paramref name="options"/> will carry once this layer has merged its own.</summary>
    /// <param name="options">The request's options.</param>
    /// <returns>The tags (without duplicates) and the user.</returns>
    RequestAttribution GetAttribution(TOptions? options);
}
