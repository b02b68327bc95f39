namespace AiGateway.Client;

/// <summary>
/// The model id is not known: either the catalog has no such model and <see cref="AiGatewayOptions.StrictModels"/>
/// is on, or the gateway answered that it does not serve it. <see cref="Suggestions"/> lists the nearest catalog ids.
/// </summary>
public sealed class ModelNotFoundException : AiGatewayException
{
    /// <summary>Creates the exception.</summary>
    public ModelNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public ModelNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public ModelNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the catalog ids nearest to the requested one, best first.</summary>
    public IReadOnlyList<string> Suggestions { get; init; } = [];
}
