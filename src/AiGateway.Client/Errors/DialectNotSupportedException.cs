
namespace AiGateway.Client;

/// <summary>
/// The request asked for a dialect (<c>ChatOptions.WithDialect</c>) that the gateway does not serve for the model, or
/// cannot send with its configuration. Thrown before anything is sent; <see cref="SupportedDialects"/> lists what
/// would work. Not transient: retrying the same request fails the same way.
/// </summary>
public sealed class DialectNotSupportedException : InvalidRequestException
{
    /// <summary>Creates the exception.</summary>
    public DialectNotSupportedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public DialectNotSupportedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public DialectNotSupportedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the dialects the gateway can serve the model in, the default first (empty when none).</summary>
    public IReadOnlyList<ChatDialect> SupportedDialects { get; init; } = [];
}
