namespace AiGateway.Client.Errors;

/// <summary>The provider refused to answer because of its content policy.</summary>
public sealed class ContentFilteredException : AiGatewayException
{
    /// <summary>Creates the exception.</summary>
    public ContentFilteredException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public ContentFilteredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public ContentFilteredException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
