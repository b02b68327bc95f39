using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// Reads a non-streaming generateContent answer (https://ai.google.dev/api/generate-content#generatecontentresponse)
/// into a <see cref="ChatResponse"/>: <see cref="GenerateContentJsonReader"/> parses it, and
/// <see cref="GenerateContentResponseMapper"/> maps it, the same mapper the stream reader uses per chunk.
/// </summary>
internal static class GenerateContentResponseReader
{
    public static ChatResponse Read(ReadOnlySpan<byte> body, DialectResponseContext context) =>
        GenerateContentResponseMapper.ToChatResponse(GenerateContentJsonReader.Read(body), context);
}
