namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>An <c>error</c> object inside a 200 body or a stream: <c>{"error":{"message","type","code"}}</c>.</summary>
internal sealed class ChatCompletionError
{
    public string? Message { get; set; }

    public string? Type { get; set; }

    public string? Code { get; set; }

    /// <summary>Gets or sets a numeric status some gateways put in the error object.</summary>
    public int? Status { get; set; }
}
