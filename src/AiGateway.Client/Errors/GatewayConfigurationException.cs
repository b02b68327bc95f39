namespace AiGateway.Client;

/// <summary>The client could not be configured: no gateway variables were found, a variable is malformed, or an option conflicts with another. The message names the variable or option and the fix.</summary>
public sealed class GatewayConfigurationException : AiGatewayException
{
    /// <summary>Creates the exception.</summary>
    public GatewayConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public GatewayConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public GatewayConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
