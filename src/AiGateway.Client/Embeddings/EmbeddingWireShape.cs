namespace AiGateway.Client.Embeddings;

/// <summary>The two request/response shapes embeddings travel in.</summary>
internal enum EmbeddingWireShape
{
    /// <summary>
    /// OpenAI's <c>POST …/embeddings</c>: <c>{"model","input":[…],"encoding_format","dimensions"}</c> answered by
    /// <c>{"data":[{"index","embedding"}],"model","usage":{"prompt_tokens"}}</c>
    /// (https://platform.openai.com/docs/api-reference/embeddings/create). Vercel, Neon, Cloudflare's openai and
    /// workers-ai routes and OpenAI itself speak it.
    /// </summary>
    OpenAI,

    /// <summary>
    /// Gemini's <c>models/{m}:embedContent</c> (one text) and <c>models/{m}:batchEmbedContents</c> (several)
    /// (https://ai.google.dev/api/embeddings): Google's own API and Cloudflare's google-ai-studio route.
    /// </summary>
    Gemini,
}
