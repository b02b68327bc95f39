
namespace AiGateway.Client;

/// <summary>
/// One place a request can be sent: a model, a gateway, or both. What a target leaves unset comes from the request
/// (its <c>ChatOptions.ModelId</c> and gateway), so <c>FailoverTarget.ForModel("openai/gpt-5-mini")</c> means "the
/// same gateway, another model" and <c>FailoverTarget.ForGateway(GatewayKind.Vercel)</c> means "the same model,
/// through Vercel".
/// </summary>
public sealed class FailoverTarget : IEquatable<FailoverTarget>
{
    /// <summary>Creates a target.</summary>
    /// <param name="modelId">The model (any catalog alias), or <see langword="null"/> for the request's model.</param>
    /// <param name="gateway">The gateway, or <see langword="null"/> for the request's gateway (the primary unless the request names one).</param>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> is empty or white space.</exception>
    public FailoverTarget(string? modelId, GatewayKind? gateway)
    {
        if (modelId is not null && string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException("A failover target's model id must not be empty; pass null to keep the request's model.", nameof(modelId));
        }

        ModelId = modelId;
        Gateway = gateway;
    }

    /// <summary>Gets the model id, or <see langword="null"/> when the target keeps the request's model.</summary>
    public string? ModelId { get; }

    /// <summary>Gets the gateway, or <see langword="null"/> when the target keeps the request's gateway.</summary>
    public GatewayKind? Gateway { get; }

    /// <summary>Creates a target that sends the request to another model on the request's gateway.</summary>
    /// <param name="modelId">The model (any catalog alias).</param>
    /// <returns>The target.</returns>
    public static FailoverTarget ForModel(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new(modelId, null);
    }

    /// <summary>Creates a target that sends the request's model through another detected gateway.</summary>
    /// <param name="gateway">The gateway.</param>
    /// <returns>The target.</returns>
    public static FailoverTarget ForGateway(GatewayKind gateway) => new(null, gateway);

    /// <summary>Creates a target that sends the request to a model through a gateway.</summary>
    /// <param name="modelId">The model (any catalog alias).</param>
    /// <param name="gateway">The gateway.</param>
    /// <returns>The target.</returns>
    public static FailoverTarget ForModelOnGateway(string modelId, GatewayKind gateway)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new(modelId, gateway);
    }

    /// <inheritdoc />
    public bool Equals(FailoverTarget? other) =>
        other is not null && Gateway == other.Gateway && string.Equals(ModelId, other.ModelId, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FailoverTarget);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Gateway, ModelId is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(ModelId));

    /// <inheritdoc />
    public override string ToString() => $"{ModelId ?? "(request model)"} via {(Gateway is { } g ? g.ToString() : "(request gateway)")}";
}
