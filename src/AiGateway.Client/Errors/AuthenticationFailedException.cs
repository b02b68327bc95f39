namespace AiGateway.Client;

/// <summary>The gateway rejected the credentials (HTTP 401 or 403): the key or token is missing, wrong, expired or lacks access.</summary>
public sealed class AuthenticationFailedException : AiGatewayException
{
    /// <summary>Creates the exception.</summary>
    public AuthenticationFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public AuthenticationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public AuthenticationFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
