using System.Text.Json;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.WireSchemas;

/// <summary>
/// Every request body the OpenAI and Gemini writers produce, for a matrix of inputs, is valid under the providers'
/// published request schemas (<c>CreateChatCompletionRequest</c>, <c>CreateResponse</c>, v1beta
/// <c>GenerateContentRequest</c>).
/// </summary>
public sealed class RequestSchemaTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

    private static readonly AIFunctionDeclaration WeatherTool = AIFunctionFactory.CreateDeclaration(
        "get_weather",
        "Gets the weather for a city.",
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},"required":["city"]}""").RootElement);

    public static TheoryData<ChatDialect, string> Matrix()
    {
        var data = new TheoryData<ChatDialect, string>();
        foreach (var dialect in (ChatDialect[])[ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.GenerateContent])
        {
            foreach (var scenario in Scenarios.Keys)
            {
                data.Add(dialect, scenario);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<(List<ChatMessage> Messages, ChatOptions Options)>> Scenarios = new()
    {
        ["text"] = () => ([new(ChatRole.User, "Hi")], new ChatOptions()),
        ["empty user text"] = () => ([new(ChatRole.User, "")], new ChatOptions()),
        ["system"] = () => ([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")], new ChatOptions { Instructions = "You help." }),
        ["multi-turn"] = () => ([new(ChatRole.User, "Hi"), new(ChatRole.Assistant, "Hello!"), new(ChatRole.User, "How are you?")], new ChatOptions()),
        ["refusal in history"] = () => ([new(ChatRole.User, "Do it"), new(ChatRole.Assistant, [new ErrorContent("I can't.") { ErrorCode = "Refusal" }]), new(ChatRole.User, "Please")], new ChatOptions()),
        ["sampling"] = () => ([new(ChatRole.User, "Hi")], new ChatOptions { Temperature = 0.5f, TopP = 0.9f, TopK = 40, Seed = 7, MaxOutputTokens = 256, StopSequences = ["END"], FrequencyPenalty = 0.1f, PresencePenalty = 0.2f }),
        ["tools"] = () => ([new(ChatRole.User, "Weather in Paris?")], new ChatOptions { Tools = [WeatherTool], ToolMode = ChatToolMode.Auto, AllowMultipleToolCalls = true }),
        ["required tool"] = () => ([new(ChatRole.User, "Weather in Paris?")], new ChatOptions { Tools = [WeatherTool], ToolMode = ChatToolMode.RequireSpecific("get_weather") }),
        ["strict tools"] = () => ([new(ChatRole.User, "Weather in Paris?")], new ChatOptions { Tools = [WeatherTool], AdditionalProperties = new() { ["strictJsonSchema"] = true } }),
        ["tool results"] = () => (ToolLoop(new Dictionary<string, object?> { ["temp"] = 21 }), new ChatOptions { Tools = [WeatherTool] }),
        ["text tool result"] = () => (ToolLoop(new TextContent("21 degrees")), new ChatOptions { Tools = [WeatherTool] }),
        ["image tool result"] = () => (ToolLoop(new List<AIContent> { new TextContent("The chart:"), new DataContent(Png, "image/png") }), new ChatOptions { Tools = [WeatherTool] }),
        ["pdf tool result"] = () => (ToolLoop(new DataContent(Png, "application/pdf") { Name = "report.pdf" }), new ChatOptions { Tools = [WeatherTool] }),
        ["uri tool result"] = () => (ToolLoop(new UriContent("https://example.com/chart.png", "image/png")), new ChatOptions { Tools = [WeatherTool] }),
        ["images"] = () => ([new(ChatRole.User, [new TextContent("What is this?"), new DataContent(Png, "image/png"), new UriContent("https://example.com/a.jpg", "image/jpeg")])], new ChatOptions()),
        ["pdf"] = () => ([new(ChatRole.User, [new TextContent("Summarise"), new DataContent(Png, "application/pdf") { Name = "a.pdf" }])], new ChatOptions()),
        ["structured output"] = () => ([new(ChatRole.User, "A city")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""").RootElement, "city") }),
        ["json mode"] = () => ([new(ChatRole.User, "A city as JSON")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json }),
        ["reasoning"] = () => ([new(ChatRole.User, "Think")], new ChatOptions { MaxOutputTokens = 4096, Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High, Output = ReasoningOutput.Summary } }),
        ["user"] = () => ([new(ChatRole.User, "Hi")], new ChatOptions().WithUser("u-1")),
        ["prompt cache key"] = () => ([new(ChatRole.User, "Hi")], new ChatOptions().WithPromptCacheKey("tenant-7").WithPromptCacheRetention(PromptCacheRetention.TwentyFourHours)),
        ["prompt caching"] = () => ([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")], new ChatOptions { Tools = [WeatherTool] }.WithPromptCaching()),
    };

    private static List<ChatMessage> ToolLoop(object? result) =>
    [
        new(ChatRole.User, "Weather in Paris?"),
        new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
        new(ChatRole.Tool, [new FunctionResultContent("call_1", result)]),
    ];

    private static string ModelFor(ChatDialect dialect) => dialect switch
    {
        ChatDialect.GenerateContent => "google/gemini-2.5-flash",
        _ => "openai/gpt-5.4",
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Whole_request_is_valid_under_the_providers_schema(ChatDialect dialect, string scenario)
    {
        var body = await SendAsync(dialect, scenario, stream: false);

        AssertValid(dialect, body);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Streaming_request_is_valid_under_the_providers_schema(ChatDialect dialect, string scenario)
    {
        var body = await SendAsync(dialect, scenario, stream: true);

        AssertValid(dialect, body);
    }

    internal static void AssertValid(ChatDialect dialect, JsonElement body)
    {
        switch (dialect)
        {
            case ChatDialect.ChatCompletions:
                WireSchema.AssertOpenAI("CreateChatCompletionRequest", body);
                break;
            case ChatDialect.Responses:
                WireSchema.AssertOpenAI("CreateResponse", body);
                break;
            default:
                WireSchema.AssertGemini("GenerateContentRequest", body);
                break;
        }
    }

    private static async Task<JsonElement> SendAsync(ChatDialect dialect, string scenario, bool stream)
    {
        var fake = new FakeGateway();
        using var client = new TestGateway().CreateClient(fake, ModelFor(dialect), dialect);
        var (messages, options) = Scenarios[scenario]();
        options = options.WithDialect(dialect);
        if (stream)
        {
            await client.GetStreamingResponseAsync(messages, options).ToListAsync();
        }
        else
        {
            await client.GetResponseAsync(messages, options);
        }

        return fake.Requests.Single().Json!.Value;
    }
}
