namespace AiGateway.Client.Dialects.Messages;

/// <summary>The <c>error</c> of an error body or of a mid-stream <c>error</c> event (for example <c>overloaded_error</c>).</summary>
internal sealed class MessagesError
{
    public string? Type { get; set; }

    public string? Message { get; set; }
}
