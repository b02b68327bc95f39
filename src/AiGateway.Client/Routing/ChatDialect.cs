namespace AiGateway.Client;

/// <summary>The wire formats a model can be called in.</summary>
public enum ChatDialect
{
    /// <summary>OpenAI Chat Completions (<c>POST chat/completions</c>).</summary>
    ChatCompletions,

    /// <summary>OpenAI Responses (<c>POST responses</c>).</summary>
    Responses,

    /// <summary>Anthropic Messages (<c>POST v1/messages</c>).</summary>
    Messages,

    /// <summary>Google Gemini generateContent (<c>POST v1beta/models/{model}:generateContent</c>).</summary>
    GenerateContent,
}
