using System.Diagnostics.CodeAnalysis;
using AiGateway.Client;
using AiGateway.Client.DependencyInjection;
using AiGateway.Client.Images;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // Extension methods on IServiceCollection live in its namespace, as the Microsoft.Extensions.* packages do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the AI gateway <see cref="IImageGenerator"/> through MEAI's <c>AddImageGenerator</c>. Experimental, as <see cref="IImageGenerator"/> is.</summary>
[Experimental(AiGatewayDiagnosticIds.ImageGeneration)]
public static class AiGatewayImagesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IImageGenerator"/> (singleton) backed by the gateway the environment provides, with options
    /// from the app's <c>AiGateway</c> section (set <c>AiGateway:ImageModel</c>) and then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options in code (for example <c>o =&gt; o.ImageModel = "gemini-2.5-flash-image"</c>).</param>
    /// <returns>MEAI's builder, to add middleware with.</returns>
    public static ImageGeneratorBuilder AddAiGatewayImages(this IServiceCollection services, Action<AiGatewayOptions>? configure = null) =>
        Add(services, serviceKey: null, configure, section: null);

    /// <summary>Registers the image generator (singleton) with options bound from <paramref name="section"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section holding the options.</param>
    /// <param name="configure">Changes the options in code after binding.</param>
    /// <returns>MEAI's builder, to add middleware with.</returns>
    public static ImageGeneratorBuilder AddAiGatewayImages(this IServiceCollection services, IConfiguration section, Action<AiGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Add(services, serviceKey: null, configure, section);
    }

    /// <summary>Registers a keyed image generator (singleton) with its own options and HTTP client (<c>AiGateway:{key}</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it with.</param>
    /// <param name="configure">Changes the options in code.</param>
    /// <returns>MEAI's builder, to add middleware with.</returns>
    public static ImageGeneratorBuilder AddKeyedAiGatewayImages(this IServiceCollection services, object serviceKey, Action<AiGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        return Add(services, serviceKey, configure, section: null);
    }

    private static ImageGeneratorBuilder Add(IServiceCollection services, object? serviceKey, Action<AiGatewayOptions>? configure, IConfiguration? section)
    {
        ArgumentNullException.ThrowIfNull(services);
        var (optionsName, httpClientName) = AiGatewayServiceRegistration.Register(services, "Images", serviceKey, configure, section);
        AiGatewayImageGenerator Create(IServiceProvider sp)
        {
            var options = AiGatewayServiceRegistration.GetOptions(sp, optionsName);
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName);
            return new AiGatewayImageGenerator(options, http, sp.GetService<ILoggerFactory>());
        }

        return serviceKey is null
            ? services.AddImageGenerator(Create)
            : services.AddKeyedImageGenerator(serviceKey, Create);
    }
}
