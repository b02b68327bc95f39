using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>Small helpers shared by the generateContent tests.</summary>
internal static class GeminiTestSupport
{
    public const string Folder = "generate-content";

    /// <summary>A leaf client on the test gateway speaking generateContent for <paramref name="model"/>.</summary>
    public static AiGatewayChatClient GeminiClient(HttpMessageHandler handler, string model = "gemini-2.5-flash") =>
        new TestGateway().CreateClient(handler, model, ChatDialect.GenerateContent);

    /// <summary>A leaf client whose catalog knows <paramref name="model"/> (capabilities, rejected parameters).</summary>
    public static AiGatewayChatClient GeminiClient(HttpMessageHandler handler, CatalogModel model) =>
        new(new AiGatewayOptions
            {
                DefaultModel = model.Id,
                PreferredDialect = ChatDialect.GenerateContent,
                Catalog = new ModelCatalog([model]),
                Environment = EnvironmentSource.FromDictionary([]),
            },
            GatewayEnvironment.FromProfiles(new TestGateway()),
            new HttpClient(handler));

    /// <summary>A handler answering once with a JSON body.</summary>
    public static ReplayHandler Json(string body, int status = 200) => ReplayHandler.Body(body, "application/json", status);

    /// <summary>A handler answering once with an SSE body made of <paramref name="chunks"/> (each a JSON chunk).</summary>
    public static ReplayHandler Sse(params string[] chunks) => ReplayHandler.Body(SseOf(chunks), "text/event-stream");

    public static string SseOf(IEnumerable<string> chunks)
    {
        var builder = new StringBuilder();
        foreach (var chunk in chunks)
        {
            builder.Append("data: ").Append(chunk).Append("\n\n");
        }

        return builder.ToString();
    }

    /// <summary>
    /// Re-frames a streamed JSON array (what <c>streamGenerateContent</c> returns without <c>alt=sse</c>, as in the
    /// llm-gemini cassette) as the SSE body the client asks for: one <c>data:</c> event per array element.
    /// </summary>
    public static string JsonArrayAsSse(string jsonArray)
    {
        using var document = JsonDocument.Parse(jsonArray);
        return SseOf(document.RootElement.EnumerateArray().Select(e => e.GetRawText().ReplaceLineEndings(string.Empty)));
    }

    /// <summary>A handler that answers each request in turn with the given SSE bodies.</summary>
    public static ReplayHandler SseBodies(params string[] bodies) =>
        new(bodies.Select(body => (Func<HttpResponseMessage>)(() => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(body, Encoding.UTF8, "text/event-stream"),
        })));

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    /// <summary>Gets the one content of type <typeparamref name="T"/>.</summary>
    public static T Single<T>(ChatResponse response) => Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<T>());

    /// <summary>
    /// A property of the answer: the unary reader puts Gemini's raw finish data on both the response and its message;
    /// a stream's ToChatResponse() keeps update properties on the message when updates have a message id, else on the response.
    /// </summary>
    public static object? MessageProperty(ChatResponse response, string key) =>
        response.Messages[^1].AdditionalProperties?.TryGetValue(key, out var value) == true ? value
        : response.AdditionalProperties?.TryGetValue(key, out value) == true ? value : null;

    public static IEnumerable<AIContent> AllContents(ChatResponse response) => response.Messages.SelectMany(m => m.Contents);
}
