namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// A Chat Completions response body (<c>chat.completion</c>) or one streamed chunk (<c>chat.completion.chunk</c>),
/// as far as this client reads it. It is the <c>RawRepresentation</c> of the responses and updates it becomes.
/// </summary>
internal sealed class ChatCompletion
{
    /// <summary>Gets or sets the completion id (every chunk of a stream repeats it).</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the model that answered, as the gateway names it.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets when the completion was created, in Unix seconds.</summary>
    public long? Created { get; set; }

    /// <summary>Gets or sets the choices; <see langword="null"/> when the body had none (a usage-only chunk).</summary>
    public List<ChatCompletionChoice>? Choices { get; set; }

    /// <summary>Gets or sets the token usage, when the body carries it.</summary>
    public ChatCompletionUsage? Usage { get; set; }

    /// <summary>Gets or sets an error the body reports instead of (or in the middle of) an answer.</summary>
    public ChatCompletionError? Error { get; set; }

    /// <summary>Gets the first choice, or <see langword="null"/>.</summary>
    public ChatCompletionChoice? FirstChoice => Choices is { Count: > 0 } choices ? choices[0] : null;
}
