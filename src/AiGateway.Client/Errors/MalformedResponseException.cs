namespace AiGateway.Client;

/// <summary>The gateway answered with something the dialect reader could not understand: invalid JSON, a stream cut short before its terminal event, or a missing required field.</summary>
public sealed class MalformedResponseException : AiGatewayException
{
    /// <summary>Creates the exception.</summary>
    public MalformedResponseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public MalformedResponseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public MalformedResponseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
