namespace AiGateway.Client.Catalog;

/// <summary>What a model can do.</summary>
[Flags]
public enum ModelCapabilities
{
    /// <summary>Nothing beyond text in and out.</summary>
    None = 0,

    /// <summary>Function/tool calling.</summary>
    Tools = 1 << 0,

    /// <summary>Reasoning (thinking) with an effort or budget knob.</summary>
    Reasoning = 1 << 1,

    /// <summary>Images (and for some, PDFs) as input.</summary>
    Vision = 1 << 2,

    /// <summary>Images as output (Gemini image models).</summary>
    ImageOutput = 1 << 3,

    /// <summary>Structured output with a JSON schema.</summary>
    StructuredOutput = 1 << 4,

    /// <summary>Served only over OpenAI Responses (a 400 on Chat Completions).</summary>
    ResponsesOnly = 1 << 5,

    /// <summary>A text-embedding model (<c>IEmbeddingGenerator</c>), not a chat model; <c>embed</c> in <c>catalog.json</c>.</summary>
    Embeddings = 1 << 6,

    /// <summary>An image model served by OpenAI's images API (<c>images/generations</c>, <c>images/edits</c>); <c>imagegen</c> in <c>catalog.json</c>.</summary>
    ImageGeneration = 1 << 7,
}
