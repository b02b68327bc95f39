namespace AiGateway.Client;

/// <summary>
/// The gateway or provider rejected the request as invalid (HTTP 400, 413, 422): a parameter the model does not accept,
/// a malformed tool schema, too much input. Unsealed so that requests the client refuses before sending for the same
/// kind of reason (<see cref="DialectNotSupportedException"/>) are caught with it.
/// </summary>
public class InvalidRequestException : AiGatewayException
{
    /// <summary>Creates the exception.</summary>
    public InvalidRequestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public InvalidRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
