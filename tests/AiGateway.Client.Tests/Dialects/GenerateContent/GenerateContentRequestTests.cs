using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Client.Catalog;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.GenerateContent.GeminiTestSupport;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>What the generateContent writer puts in the request body, checked on the body that left the client.</summary>
public sealed class GenerateContentRequestTests
{
    private const string OkBody = """
        {"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":1,"totalTokenCount":2},"modelVersion":"m","responseId":"r1"}
        """;

    [Fact]
    public async Task A_tool_result_with_an_image_sends_it_as_an_inline_data_part_of_the_function_response()
    {
        var result = new FunctionResultContent("call_1", new List<AIContent> { new TextContent("The chart:"), new DataContent(new byte[] { 1, 2 }, "image/png") });

        var body = await SendAsync([new(ChatRole.User, "Chart?"), new(ChatRole.Assistant, [new FunctionCallContent("call_1", "chart")]), new(ChatRole.Tool, [result])]);

        var response = Parts(body, 2)[0].GetProperty("functionResponse");
        Assert.True(JsonEquals("""{"output":"The chart:"}""", response.GetProperty("response")), response.GetRawText());
        Assert.True(JsonEquals("""[{"inlineData":{"mimeType":"image/png","data":"AQI="}}]""", response.GetProperty("parts")), response.GetRawText());
    }

    [Fact]
    public async Task A_text_content_tool_result_is_sent_as_its_text()
    {
        var body = await SendAsync([new(ChatRole.User, "Q"), new(ChatRole.Assistant, [new FunctionCallContent("call_1", "f")]), new(ChatRole.Tool, [new FunctionResultContent("call_1", new TextContent("21 degrees"))])]);

        Assert.True(JsonEquals("""{"output":"21 degrees"}""", Parts(body, 2)[0].GetProperty("functionResponse").GetProperty("response")));
    }

    private static async Task<JsonElement> SendAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, string model = "gemini-2.5-flash")
    {
        var handler = Json(OkBody);
        using var client = GeminiClient(handler, model);
        await client.GetResponseAsync(messages, options);
        return Assert.Single(handler.Sent).Json;
    }

    private static async Task<JsonElement> SendAsync(CatalogModel model, ChatOptions? options = null)
    {
        var handler = Json(OkBody);
        using var client = GeminiClient(handler, model);
        await client.GetResponseAsync("hi", options);
        return Assert.Single(handler.Sent).Json;
    }

    private static Task<JsonElement> SendAsync(ChatOptions options, string model = "gemini-2.5-flash") =>
        SendAsync([new ChatMessage(ChatRole.User, "hi")], options, model);

    private static JsonElement Parts(JsonElement body, int content) => body.GetProperty("contents")[content].GetProperty("parts");

    private static bool JsonEquals(string expected, JsonElement actual) =>
        JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual.GetRawText()));

    [Fact]
    public async Task The_model_goes_in_the_url_and_never_in_the_body()
    {
        var handler = Json(OkBody);
        using var client = GeminiClient(handler, "gemini-2.5-flash");

        await client.GetResponseAsync("hi");

        var sent = Assert.Single(handler.Sent);
        Assert.EndsWith("/v1beta/models/gemini-2.5-flash:generateContent", sent.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.False(sent.Json.TryGetProperty("model", out _));
        Assert.Equal(TestGateway.Key, sent.Headers["x-goog-api-key"]);
        Assert.False(sent.Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task A_streaming_call_goes_to_streamGenerateContent_with_alt_sse()
    {
        var handler = Sse("""{"candidates":[{"content":{"parts":[{"text":"ok"}]},"finishReason":"STOP"}]}""");
        using var client = GeminiClient(handler, "gemini-2.5-flash");

        await CollectAsync(client.GetStreamingResponseAsync("hi"));

        var sent = Assert.Single(handler.Sent);
        Assert.EndsWith("/v1beta/models/gemini-2.5-flash:streamGenerateContent", sent.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("?alt=sse", sent.Uri.Query);
        Assert.False(sent.Json.TryGetProperty("stream", out _));
    }

    [Fact]
    public async Task Instructions_and_system_messages_become_the_system_instruction()
    {
        var body = await SendAsync(
            [new(ChatRole.System, "Be brief."), new(ChatRole.User, "hi"), new(ChatRole.System, "Answer in French.")],
            new ChatOptions { Instructions = "You are a helper." });

        Assert.True(JsonEquals(
            """{"parts":[{"text":"You are a helper."},{"text":"Be brief."},{"text":"Answer in French."}]}""",
            body.GetProperty("systemInstruction")));
        Assert.Equal(1, body.GetProperty("contents").GetArrayLength());
        Assert.Equal("user", body.GetProperty("contents")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task Roles_map_to_user_and_model_and_adjacent_turns_of_one_role_merge()
    {
        var body = await SendAsync(
        [
            new(ChatRole.User, "first"),
            new(ChatRole.User, "second"),
            new(ChatRole.Assistant, "answer"),
            new(ChatRole.User, "third"),
        ]);

        Assert.True(JsonEquals(
            """
            [{"role":"user","parts":[{"text":"first"},{"text":"second"}]},
             {"role":"model","parts":[{"text":"answer"}]},
             {"role":"user","parts":[{"text":"third"}]}]
            """,
            body.GetProperty("contents")));
    }

    [Fact]
    public async Task Sampling_options_go_in_generation_config_with_their_gemini_names()
    {
        var body = await SendAsync(new ChatOptions
        {
            Temperature = 0.5f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 100,
            StopSequences = ["END", "STOP"],
            Seed = 7,
            PresencePenalty = 0.25f,
            FrequencyPenalty = 0.5f,
        });

        Assert.True(JsonEquals(
            """
            {"temperature":0.5,"topP":0.9,"topK":40,"maxOutputTokens":100,"stopSequences":["END","STOP"],"seed":7,
             "presencePenalty":0.25,"frequencyPenalty":0.5}
            """,
            body.GetProperty("generationConfig")));
    }

    [Fact]
    public async Task No_options_means_no_generation_config()
    {
        var body = await SendAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.False(body.TryGetProperty("generationConfig", out _));
        Assert.False(body.TryGetProperty("tools", out _));
        Assert.False(body.TryGetProperty("systemInstruction", out _));
    }

    [Fact]
    public async Task A_parameter_the_catalog_marks_as_rejected_is_left_out()
    {
        var model = new CatalogModel("google/gemini-3-pro-preview") { UnsupportedParameters = new HashSet<string> { "temperature", "seed" } };

        var body = await SendAsync(model, new ChatOptions { Temperature = 0.2f, Seed = 3, TopP = 0.5f });

        var config = body.GetProperty("generationConfig");
        Assert.False(config.TryGetProperty("temperature", out _));
        Assert.False(config.TryGetProperty("seed", out _));
        Assert.Equal(0.5, config.GetProperty("topP").GetDouble(), 3);
    }

    [Fact]
    public async Task A_seed_beyond_32_bits_is_rejected_before_sending()
    {
        var handler = Json(OkBody);
        using var client = GeminiClient(handler);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("hi", new ChatOptions { Seed = long.MaxValue }));

        Assert.Contains("32-bit", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task Structured_output_sends_the_json_schema_without_dollar_schema_and_keeps_additional_properties()
    {
        using var schema = JsonDocument.Parse("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"city":{"type":"string"},"temp":{"type":["number","null"]}},
             "required":["city","temp"],"additionalProperties":false}
            """);

        var body = await SendAsync(new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "Weather", "The weather in a city.") });

        var config = body.GetProperty("generationConfig");
        Assert.Equal("application/json", config.GetProperty("responseMimeType").GetString());
        Assert.False(config.TryGetProperty("responseSchema", out _));
        Assert.True(JsonEquals(
            """
            {"title":"Weather","description":"The weather in a city.","type":"object",
             "properties":{"city":{"type":"string"},"temp":{"type":["number","null"]}},
             "required":["city","temp"],"additionalProperties":false}
            """,
            config.GetProperty("responseJsonSchema")));
    }

    [Fact]
    public async Task Json_without_a_schema_sets_only_the_response_mime_type()
    {
        var body = await SendAsync(new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        Assert.True(JsonEquals("""{"responseMimeType":"application/json"}""", body.GetProperty("generationConfig")));
    }

    [Fact]
    public async Task Text_response_format_writes_nothing()
    {
        var body = await SendAsync(new ChatOptions { ResponseFormat = ChatResponseFormat.Text });

        Assert.False(body.TryGetProperty("generationConfig", out _));
    }

    [Fact]
    public async Task Tools_are_function_declarations_with_a_json_schema()
    {
        var weather = AIFunctionFactory.Create((string city, int? days) => "sunny", "get_weather", "Gets the weather.");

        var body = await SendAsync(new ChatOptions { Tools = [weather] });

        var declaration = Assert.Single(Assert.Single(body.GetProperty("tools").EnumerateArray()).GetProperty("functionDeclarations").EnumerateArray());
        Assert.Equal("get_weather", declaration.GetProperty("name").GetString());
        Assert.Equal("Gets the weather.", declaration.GetProperty("description").GetString());
        Assert.False(declaration.TryGetProperty("parameters", out _));
        var schema = declaration.GetProperty("parametersJsonSchema");
        Assert.False(schema.TryGetProperty("$schema", out _));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(weather.JsonSchema.GetProperty("properties").GetRawText()),
            JsonNode.Parse(schema.GetProperty("properties").GetRawText())));
        Assert.False(body.TryGetProperty("toolConfig", out _));
    }

    public static TheoryData<string, string> ToolModes => new()
    {
        { "auto", """{"functionCallingConfig":{"mode":"AUTO"}}""" },
        { "none", """{"functionCallingConfig":{"mode":"NONE"}}""" },
        { "any", """{"functionCallingConfig":{"mode":"ANY"}}""" },
        { "specific", """{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}""" },
    };

    [Theory]
    [MemberData(nameof(ToolModes))]
    public async Task Tool_modes_become_function_calling_config(string mode, string expected)
    {
        var weather = AIFunctionFactory.Create((string city) => "sunny", "get_weather");
        ChatToolMode toolMode = mode switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "any" => ChatToolMode.RequireAny,
            _ => ChatToolMode.RequireSpecific("get_weather"),
        };

        var body = await SendAsync(new ChatOptions { Tools = [weather], ToolMode = toolMode });

        Assert.True(JsonEquals(expected, body.GetProperty("toolConfig")), body.GetProperty("toolConfig").GetRawText());
    }

    [Fact]
    public async Task Tools_without_a_generate_content_equivalent_are_left_out()
    {
        var body = await SendAsync(new ChatOptions { Tools = [new HostedFileSearchTool()], ToolMode = ChatToolMode.Auto });

        Assert.False(body.TryGetProperty("tools", out _));
        Assert.False(body.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public async Task Images_and_pdfs_go_inline_and_urls_as_file_data()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
        byte[] pdf = [0x25, 0x50, 0x44, 0x46, 9];

        var body = await SendAsync(
        [
            new(ChatRole.User,
            [
                new TextContent("Describe these."),
                new DataContent(png, "image/png"),
                new DataContent(pdf, "application/pdf"),
                new UriContent(new Uri("https://example.test/cat.jpg"), "image/jpeg"),
            ]),
        ]);

        Assert.True(JsonEquals(
            $$$"""
            [{"text":"Describe these."},
             {"inlineData":{"mimeType":"image/png","data":"{{{Convert.ToBase64String(png)}}}"}},
             {"inlineData":{"mimeType":"application/pdf","data":"{{{Convert.ToBase64String(pdf)}}}"}},
             {"fileData":{"mimeType":"image/jpeg","fileUri":"https://example.test/cat.jpg"}}]
            """,
            Parts(body, 0)));
    }

    [Fact]
    public async Task The_end_user_is_not_written_because_the_dialect_has_no_field_for_it()
    {
        var body = await SendAsync(new ChatOptions().WithUser("user-42"));

        Assert.DoesNotContain("user-42", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_result_whose_call_is_not_in_the_history_is_a_clear_error_before_sending()
    {
        var handler = Json(OkBody);
        using var client = GeminiClient(handler);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(
            [new(ChatRole.User, "hi"), new(ChatRole.Tool, [new FunctionResultContent("call-missing", "42")])]));

        Assert.Contains("call-missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FunctionCallContent", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task Function_results_carry_the_name_of_their_call_and_wrap_the_value_as_output()
    {
        var body = await SendAsync(
        [
            new(ChatRole.User, "weather?"),
            new(ChatRole.Assistant, [new FunctionCallContent("gemini_call_r1_0", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("gemini_call_r1_0", new Dictionary<string, object?> { ["temp"] = 21 })]),
        ]);

        Assert.True(JsonEquals("""[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]""", Parts(body, 1)));
        Assert.True(JsonEquals("""[{"functionResponse":{"name":"get_weather","response":{"output":{"temp":21}}}}]""", Parts(body, 2)));
        Assert.Equal("user", body.GetProperty("contents")[2].GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_failed_function_result_is_sent_as_an_error()
    {
        var body = await SendAsync(
        [
            new(ChatRole.User, "weather?"),
            new(ChatRole.Assistant, [new FunctionCallContent("gemini_call_r1_0", "get_weather")]),
            new(ChatRole.Tool, [new FunctionResultContent("gemini_call_r1_0", "Error: the service is down.") { Exception = new InvalidOperationException("down") }]),
        ]);

        Assert.True(JsonEquals(
            """[{"functionResponse":{"name":"get_weather","response":{"error":"Error: the service is down."}}}]""",
            Parts(body, 2)));
    }

    [Fact]
    public async Task Call_ids_gemini_issued_go_back_and_ids_this_client_made_up_do_not()
    {
        var body = await SendAsync(
        [
            new(ChatRole.User, "weather?"),
            new(ChatRole.Assistant,
            [
                new FunctionCallContent("fc-7f3a", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                new FunctionCallContent("gemini_call_r1_1", "get_time"),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("fc-7f3a", "sunny"), new FunctionResultContent("gemini_call_r1_1", "noon")]),
        ]);

        Assert.True(JsonEquals(
            """
            [{"functionCall":{"id":"fc-7f3a","name":"get_weather","args":{"city":"Paris"}}},
             {"functionCall":{"name":"get_time","args":{}}}]
            """,
            Parts(body, 1)));
        Assert.True(JsonEquals(
            """
            [{"functionResponse":{"id":"fc-7f3a","name":"get_weather","response":{"output":"sunny"}}},
             {"functionResponse":{"name":"get_time","response":{"output":"noon"}}}]
            """,
            Parts(body, 2)));
    }

    [Fact]
    public async Task Separate_tool_messages_for_parallel_results_travel_in_one_user_turn()
    {
        var body = await SendAsync(
        [
            new(ChatRole.User, "weather and time?"),
            new(ChatRole.Assistant, [new FunctionCallContent("gemini_call_r1_0", "get_weather"), new FunctionCallContent("gemini_call_r1_1", "get_time")]),
            new(ChatRole.Tool, [new FunctionResultContent("gemini_call_r1_0", "sunny")]),
            new(ChatRole.Tool, [new FunctionResultContent("gemini_call_r1_1", "noon")]),
        ]);

        Assert.Equal(3, body.GetProperty("contents").GetArrayLength());
        Assert.Equal(2, Parts(body, 2).GetArrayLength());
    }

    [Fact]
    public async Task Thought_signatures_go_back_on_the_parts_they_came_with()
    {
        var call = new FunctionCallContent("gemini_call_r1_0", "now") { AdditionalProperties = new() { ["thoughtSignature"] = "c2lnLWNhbGw=" } };

        var body = await SendAsync(
        [
            new(ChatRole.User, "days until new year?"),
            new(ChatRole.Assistant,
            [
                new TextReasoningContent("Planning the calculation.") { ProtectedData = "c2lnLXRob3VnaHQ=" },
                new TextContent("Let me check the date."),
                new TextReasoningContent(string.Empty) { ProtectedData = "c2lnLXRleHQ=" },
                call,
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("gemini_call_r1_0", "2026-11-21")]),
        ]);

        Assert.True(JsonEquals(
            """
            [{"text":"Planning the calculation.","thought":true,"thoughtSignature":"c2lnLXRob3VnaHQ="},
             {"text":"Let me check the date."},
             {"text":"","thoughtSignature":"c2lnLXRleHQ="},
             {"functionCall":{"name":"now","args":{}},"thoughtSignature":"c2lnLWNhbGw="}]
            """,
            Parts(body, 1)));
    }

    [Fact]
    public async Task Reasoning_in_a_user_message_is_not_sent()
    {
        var body = await SendAsync([new(ChatRole.User, [new TextContent("hi"), new TextReasoningContent("not mine")])]);

        Assert.True(JsonEquals("""[{"text":"hi"}]""", Parts(body, 0)));
    }

    [Fact]
    public async Task Gemini_3_gets_the_documented_placeholder_for_a_first_function_call_without_a_signature()
    {
        List<ChatMessage> history =
        [
            new(ChatRole.User, "weather and time?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather"), new FunctionCallContent("call_2", "get_time")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny"), new FunctionResultContent("call_2", "noon")]),
        ];

        var gemini3 = await SendAsync(history, model: "gemini-3-flash-preview");
        var gemini25 = await SendAsync(history, model: "gemini-2.5-flash");

        Assert.Equal("skip_thought_signature_validator", Parts(gemini3, 1)[0].GetProperty("thoughtSignature").GetString());
        Assert.False(Parts(gemini3, 1)[1].TryGetProperty("thoughtSignature", out _));
        Assert.False(Parts(gemini25, 1)[0].TryGetProperty("thoughtSignature", out _));
    }

    [Fact]
    public async Task A_model_the_catalog_marks_as_image_output_is_asked_for_text_and_images()
    {
        var model = new CatalogModel("google/gemini-2.5-flash-image") { Capabilities = ModelCapabilities.ImageOutput };

        var body = await SendAsync(model);

        Assert.True(JsonEquals("""{"responseModalities":["TEXT","IMAGE"]}""", body.GetProperty("generationConfig")));
    }

    [Fact]
    public async Task An_unknown_image_model_id_is_asked_for_images_too()
    {
        var body = await SendAsync(new ChatOptions(), "gemini-3-pro-image-preview");

        Assert.True(JsonEquals("""["TEXT","IMAGE"]""", body.GetProperty("generationConfig").GetProperty("responseModalities")));
    }
}
