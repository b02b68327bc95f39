namespace AiGateway.Client;

/// <summary>The gateway or the provider behind it failed or was overloaded (HTTP 5xx, 529), or the connection failed before a response arrived. Usually transient.</summary>
public sealed class ProviderUnavailableException : AiGatewayException
{
    /// <summary>Creates the exception.</summary>
    public ProviderUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public ProviderUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public ProviderUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
