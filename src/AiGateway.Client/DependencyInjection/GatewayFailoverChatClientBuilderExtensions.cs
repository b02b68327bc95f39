using AiGateway.Client;
using AiGateway.Client.Middleware.Failover;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // Beside Microsoft.Extensions.AI's own Use* extensions, so the pipeline chain needs no extra using.
namespace Microsoft.Extensions.AI;
#pragma warning restore IDE0130

/// <summary>Adds <see cref="GatewayFailoverChatClient"/> to a chat client pipeline.</summary>
public static class GatewayFailoverChatClientBuilderExtensions
{
    /// <summary>
    /// Adds failover: retries with backoff, per-target circuit breakers, per-request fallback models
    /// (<c>options.WithFallbackModels(...)</c>), the configured targets and the other detected gateways. From then on
    /// failover alone decides how many requests a failing call makes (the client's HTTP-level retry stands aside). A
    /// <see cref="TimeProvider"/> and an <see cref="ILoggerFactory"/> registered in the container are used when the
    /// options name no clock.
    /// </summary>
    /// <param name="builder">The pipeline's builder (from <c>services.AddAiGateway()</c> or any <see cref="ChatClientBuilder"/>).</param>
    /// <param name="configure">Changes the settings; they are validated now, so a wrong value fails at startup.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public static ChatClientBuilder UseFailover(this ChatClientBuilder builder, Action<FailoverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new FailoverOptions();
        configure?.Invoke(options);
        return Add(builder, options);
    }

    /// <summary>
    /// Adds failover that tries <paramref name="fallbackModels"/> in order (on the request's gateway) after the
    /// request's own model, then any targets <paramref name="configure"/> adds and the other detected gateways.
    /// </summary>
    /// <param name="builder">The pipeline's builder.</param>
    /// <param name="fallbackModels">Catalog ids or aliases to fall back to, in order.</param>
    /// <param name="configure">Changes the other settings.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A fallback model id is empty.</exception>
    public static ChatClientBuilder UseFailover(this ChatClientBuilder builder, IEnumerable<string> fallbackModels, Action<FailoverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(fallbackModels);
        var options = new FailoverOptions();
        foreach (var model in fallbackModels)
        {
            if (string.IsNullOrWhiteSpace(model))
            {
                throw new ArgumentException("A fallback model id is empty; pass catalog ids such as 'openai/gpt-5-mini'.", nameof(fallbackModels));
            }

            options.Targets.Add(FailoverTarget.ForModel(model));
        }

        configure?.Invoke(options);
        return Add(builder, options);
    }

    private static ChatClientBuilder Add(ChatClientBuilder builder, FailoverOptions options)
    {
        options.Validate();
        return builder.Use((inner, services) =>
            new GatewayFailoverChatClient(inner, options, services.GetService<ILoggerFactory>(), services.GetService<TimeProvider>()));
    }
}
