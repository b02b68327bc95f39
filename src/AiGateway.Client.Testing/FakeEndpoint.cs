namespace AiGateway.Client.Testing;

/// <summary>Which of the wire endpoints <see cref="FakeGateway"/> a request went to (by its path).</summary>
public enum FakeEndpoint
{
    /// <summary>A path the fake does not serve (answered 404).</summary>
    Unknown,

    /// <summary>OpenAI Chat Completions, <c>…/chat/completions</c>.</summary>
    ChatCompletions,

    /// <summary>OpenAI Responses, <c>…/responses</c>.</summary>
    Responses,

    /// <summary>Anthropic Messages, <c>…/v1/messages</c>.</summary>
    Messages,

    /// <summary>Gemini <c>…:generateContent</c> or <c>…:streamGenerateContent</c> (chat, and Gemini image models).</summary>
    GenerateContent,

    /// <summary>OpenAI embeddings, <c>…/embeddings</c> (Vercel, Neon, Cloudflare, OpenAI).</summary>
    Embeddings,

    /// <summary>Gemini <c>…:embedContent</c> (one text).</summary>
    EmbedContent,

    /// <summary>Gemini <c>…:batchEmbedContents</c> (several texts).</summary>
    BatchEmbedContents,

    /// <summary>OpenAI images, <c>…/images/generations</c>.</summary>
    ImageGenerations,

    /// <summary>OpenAI image edits, <c>…/images/edits</c> (multipart form).</summary>
    ImageEdits,
}
