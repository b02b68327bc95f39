using System.Text.Json;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// The property names and fixed values every Chat Completions request writes, encoded once: written from a
/// <see cref="JsonEncodedText"/>, a name is copied as UTF-8 as it is, where a <see cref="string"/> would be transcoded
/// and checked for characters to escape on every request.
/// </summary>
internal static class ChatCompletionsWireNames
{
    public static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    public static readonly JsonEncodedText Messages = JsonEncodedText.Encode("messages");
    public static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    public static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    public static readonly JsonEncodedText User = JsonEncodedText.Encode("user");
    public static readonly JsonEncodedText System = JsonEncodedText.Encode("system");
    public static readonly JsonEncodedText Assistant = JsonEncodedText.Encode("assistant");
    public static readonly JsonEncodedText Stream = JsonEncodedText.Encode("stream");
    public static readonly JsonEncodedText StreamOptions = JsonEncodedText.Encode("stream_options");
    public static readonly JsonEncodedText IncludeUsage = JsonEncodedText.Encode("include_usage");
}
