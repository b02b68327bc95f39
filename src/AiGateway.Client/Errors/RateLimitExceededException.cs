namespace AiGateway.Client;

/// <summary>The gateway or provider refused the call because a rate or quota limit was hit (HTTP 429). Transient when the gateway said when to retry.</summary>
public sealed class RateLimitExceededException : AiGatewayException
{
    /// <summary>Creates the exception.</summary>
    public RateLimitExceededException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public RateLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public RateLimitExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
