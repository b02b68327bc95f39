using AiGateway.Client;
using AiGateway.Client.Testing;

#pragma warning disable IDE0130 // Extension methods on IServiceCollection live in its namespace, as the Microsoft.Extensions.* packages do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Points an app's <c>AddAiGateway()</c> pipeline at a <see cref="FakeGateway"/>, for tests.</summary>
public static class FakeGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Sends the app's default AI gateway pipeline (registered with <c>AddAiGateway</c>) to <paramref name="fake"/>
    /// instead of a real gateway, in one line: the leaf client talks to the fake as an OpenAI-compatible gateway, with
    /// no environment variables and no <c>.env</c> files read, while the app's own middleware (failover, tags,
    /// budgets, anything added with <c>Use</c>) stays in place. Call it after the app's registrations, for example in
    /// <c>WebApplicationFactory</c>'s <c>ConfigureTestServices</c>; the order relative to <c>AddAiGateway</c> does not
    /// matter, since it post-configures the options.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="fake">The fake that answers every request; its <see cref="FakeGateway.Requests"/> show what was sent.</param>
    /// <param name="defaultModel">
    /// The model used when a request names none; <see langword="null"/> keeps the app's own
    /// <see cref="AiGatewayOptions.DefaultModel"/>, or uses <see cref="FakeGateway.DefaultModel"/> when the app set none.
    /// </param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFakeGateway(this IServiceCollection services, FakeGateway fake, string? defaultModel = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(fake);
        services.PostConfigure<AiGatewayOptions>(options =>
        {
            var fakeOptions = FakeGateway.CreateOptions(defaultModel ?? options.DefaultModel ?? FakeGateway.DefaultModel);
            options.Gateway = fakeOptions.Gateway;
            options.BaseUrl = fakeOptions.BaseUrl;
            options.ApiKey = fakeOptions.ApiKey;
            options.Environment = fakeOptions.Environment;
            options.DefaultModel = fakeOptions.DefaultModel;
            options.LoadDotEnvFiles = false;
        });

        // The named HTTP client's primary handler is where the leaf sends; handlers the app added stay around it.
        services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fake);
        return services;
    }
}
