namespace AiGateway.Client.Images;

/// <summary>The two ways images are generated through the gateways.</summary>
internal enum ImageWireShape
{
    /// <summary>
    /// Gemini image models answer <c>models/{m}:generateContent</c> with <c>inlineData</c> parts; input images for
    /// editing go in as <c>inlineData</c> parts too (https://ai.google.dev/gemini-api/docs/image-generation).
    /// </summary>
    GenerateContent,

    /// <summary>
    /// OpenAI's images API: <c>images/generations</c> (JSON) and <c>images/edits</c> (multipart, input images)
    /// (https://platform.openai.com/docs/api-reference/images).
    /// </summary>
    OpenAIImages,
}
