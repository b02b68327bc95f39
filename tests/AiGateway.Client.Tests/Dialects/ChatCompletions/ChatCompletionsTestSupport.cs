using System.Net.Http.Headers;
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Tests.Dialects.ChatCompletions;

/// <summary>Small builders shared by the Chat Completions tests.</summary>
internal static class ChatCompletionsTestSupport
{
    public const string MinimalCompletion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
        """;

    /// <summary>Sends one non-streamed request and returns the JSON body the client wrote.</summary>
    public static async Task<JsonElement> SentBodyAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, string model = "gpt-4o-mini")
    {
        var handler = ReplayHandler.Body(MinimalCompletion, "application/json");
        using var client = ChatCompletionsFixtureReplayTests.CreateClient(handler, model);
        await client.GetResponseAsync(messages, options);
        return handler.Sent[0].Json;
    }

    /// <summary>Replays <paramref name="body"/> as a whole response.</summary>
    public static async Task<ChatResponse> ReadAsync(string body, string model = "gpt-4o-mini", ILoggerFactory? loggerFactory = null)
    {
        using var client = CreateClient(ReplayHandler.Body(body, "application/json"), model, loggerFactory);
        return await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);
    }

    /// <summary>Replays <paramref name="sse"/> as a stream and collects the updates.</summary>
    public static async Task<List<ChatResponseUpdate>> StreamAsync(string sse, string model = "gpt-4o-mini", ILoggerFactory? loggerFactory = null)
    {
        using var client = CreateClient(ReplayHandler.Body(sse, "text/event-stream"), model, loggerFactory);
        return await ChatCompletionsFixtureReplayTests.ToListAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
    }

    /// <summary>Turns JSON payloads into an SSE body (each as a <c>data:</c> event).</summary>
    public static string Sse(params string[] payloads) => string.Concat(payloads.Select(p => $"data: {p}\n\n"));

    public static AiGatewayChatClient CreateClient(HttpMessageHandler handler, string model, ILoggerFactory? loggerFactory = null, IModelCatalog? catalog = null, GatewayProfile? gateway = null) =>
        new(
            new AiGatewayOptions
            {
                DefaultModel = model,
                PreferredDialect = ChatDialect.ChatCompletions,
                Environment = EnvironmentSource.FromDictionary([]),
                Catalog = catalog,
            },
            GatewayEnvironment.FromProfiles(gateway ?? new TestGateway()),
            new HttpClient(handler),
            loggerFactory);

    /// <summary>A gateway that adds a native body field, to see where the writer lets it in.</summary>
    public sealed class ExtendingGateway() : GatewayProfile(GatewayKind.Vercel, new Uri("https://gateway.test/"))
    {
        public override IReadOnlyCollection<ChatDialect> Dialects { get; } = [ChatDialect.ChatCompletions];

        public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => new(BaseUri, "chat/completions");

        public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model) =>
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestGateway.Key);

        internal override void WriteBodyExtensions(Utf8JsonWriter writer, GatewayRequestContext context)
        {
            writer.WriteStartObject("providerOptions");
            writer.WriteStartObject("gateway");
            writer.WriteString("user", context.User);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }
}
