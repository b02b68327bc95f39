using System.Text;
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects;
using AiGateway.Client.Dialects.ChatCompletions;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.ChatCompletions.ChatCompletionsTestSupport;

namespace AiGateway.Client.Tests.Dialects.ChatCompletions;

public sealed class ChatCompletionsRequestWriterTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    [Fact]
    public async Task Sampling_options_are_written_under_their_wire_names()
    {
        var options = new ChatOptions
        {
            Temperature = 0.5f,
            TopP = 0.25f,
            MaxOutputTokens = 123,
            StopSequences = ["END", "STOP"],
            Seed = 42,
            FrequencyPenalty = 0.75f,
            PresencePenalty = -0.5f,
        };

        var body = await SentBodyAsync(Hello, options);

        Assert.Equal(options.Temperature, body.GetProperty("temperature").GetSingle());
        Assert.Equal(options.TopP, body.GetProperty("top_p").GetSingle());
        Assert.Equal(options.MaxOutputTokens, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal(options.StopSequences, body.GetProperty("stop").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(options.Seed, body.GetProperty("seed").GetInt64());
        Assert.Equal(options.FrequencyPenalty, body.GetProperty("frequency_penalty").GetSingle());
        Assert.Equal(options.PresencePenalty, body.GetProperty("presence_penalty").GetSingle());
    }

    [Fact]
    public async Task No_options_writes_only_model_and_messages()
    {
        var body = await SentBodyAsync(Hello);

        Assert.Equal(["messages", "model"], body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("gpt-4o-mini", body.GetProperty("model").GetString());
        Assert.Equal("hello", body.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("openai/gpt-oss-120b")]
    public async Task Models_not_served_by_OpenAI_get_max_tokens_instead_of_max_completion_tokens(string model)
    {
        var body = await SentBodyAsync(Hello, new ChatOptions { MaxOutputTokens = 64 }, model: model);

        Assert.Equal(64, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_completion_tokens", out _));
    }

    [Fact]
    public async Task TopK_is_left_out_because_Chat_Completions_has_no_such_field()
    {
        var body = await SentBodyAsync(Hello, new ChatOptions { TopK = 5 });

        Assert.False(body.TryGetProperty("top_k", out _));
    }

    [Fact]
    public async Task Parameters_the_catalog_marks_as_rejected_are_left_out_with_a_warning()
    {
        var catalog = new ModelCatalog([new CatalogModel("openai/gpt-5") { UnsupportedParameters = new HashSet<string> { "temperature", "top_p" } }]);
        var handler = ReplayHandler.Body(MinimalCompletion, "application/json");
        var logs = new ListLogger();
        using var client = CreateClient(handler, "openai/gpt-5", logs, catalog);

        await client.GetResponseAsync(Hello, new ChatOptions { Temperature = 0.2f, TopP = 0.3f, Seed = 1 });

        var body = handler.Sent[0].Json;
        Assert.False(body.TryGetProperty("temperature", out _));
        Assert.False(body.TryGetProperty("top_p", out _));
        Assert.Equal(1, body.GetProperty("seed").GetInt64());
        Assert.Equal(2, logs.Entries.Count(e => e.EventId == 1));
    }

    [Fact]
    public async Task Instructions_become_a_leading_system_message()
    {
        var body = await SentBodyAsync([new(ChatRole.System, "be brief"), new(ChatRole.User, "hello")], new ChatOptions { Instructions = "you are a test" });

        var messages = body.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("you are a test", messages[0].GetProperty("content").GetString());
        Assert.Equal("system", messages[1].GetProperty("role").GetString());
        Assert.Equal("be brief", messages[1].GetProperty("content").GetString());
        Assert.Equal("user", messages[2].GetProperty("role").GetString());
    }

    [Fact]
    public async Task Author_name_is_sent_as_name()
    {
        var body = await SentBodyAsync([new(ChatRole.User, "hello") { AuthorName = "ada" }]);

        Assert.Equal("ada", body.GetProperty("messages")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Several_texts_in_one_message_become_text_parts()
    {
        var body = await SentBodyAsync([new(ChatRole.User, [new TextContent("one"), new TextContent("two")])]);

        var content = body.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal(["one", "two"], content.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
        Assert.All(content.EnumerateArray(), p => Assert.Equal("text", p.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Image_bytes_are_sent_as_a_data_uri_with_the_detail_asked_for()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        var image = new DataContent(png, "image/png") { AdditionalProperties = new() { [ChatCompletionsMessageWriter.ImageDetailKey] = "low" } };

        var body = await SentBodyAsync([new(ChatRole.User, [new TextContent("what is this?"), image])]);

        var parts = body.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("text", parts[0].GetProperty("type").GetString());
        Assert.Equal("image_url", parts[1].GetProperty("type").GetString());
        Assert.Equal($"data:image/png;base64,{Convert.ToBase64String(png)}", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("low", parts[1].GetProperty("image_url").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Image_urls_are_sent_as_they_are()
    {
        var body = await SentBodyAsync([new(ChatRole.User, [new UriContent("https://example.test/cat.jpg", "image/jpeg")])]);

        var part = body.GetProperty("messages")[0].GetProperty("content")[0];
        Assert.Equal("image_url", part.GetProperty("type").GetString());
        Assert.Equal("https://example.test/cat.jpg", part.GetProperty("image_url").GetProperty("url").GetString());
        Assert.False(part.GetProperty("image_url").TryGetProperty("detail", out _));
    }

    [Fact]
    public async Task A_pdf_is_sent_as_a_file_part_with_its_name_and_data()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 test");

        var body = await SentBodyAsync([new(ChatRole.User, [new DataContent(pdf, "application/pdf") { Name = "report.pdf" }])]);

        var part = body.GetProperty("messages")[0].GetProperty("content")[0];
        Assert.Equal("file", part.GetProperty("type").GetString());
        Assert.Equal("report.pdf", part.GetProperty("file").GetProperty("filename").GetString());
        Assert.Equal($"data:application/pdf;base64,{Convert.ToBase64String(pdf)}", part.GetProperty("file").GetProperty("file_data").GetString());
    }

    [Fact]
    public async Task An_attachment_type_Chat_Completions_cannot_carry_is_a_clear_error_before_sending()
    {
        var handler = ReplayHandler.Body(MinimalCompletion, "application/json");
        using var client = ChatCompletionsFixtureReplayTests.CreateClient(handler, "gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() =>
            client.GetResponseAsync([new(ChatRole.User, [new DataContent(new byte[] { 1 }, "video/mp4")])]));

        Assert.Contains("video/mp4", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task A_non_image_url_is_a_clear_error_before_sending()
    {
        var handler = ReplayHandler.Body(MinimalCompletion, "application/json");
        using var client = ChatCompletionsFixtureReplayTests.CreateClient(handler, "gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() =>
            client.GetResponseAsync([new(ChatRole.User, [new UriContent("https://example.test/a.pdf", "application/pdf")])]));

        Assert.Contains("DataContent", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task Tools_are_written_as_functions_with_their_schema_minus_dollar_schema()
    {
        using var schema = JsonDocument.Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
        var tool = AIFunctionFactory.CreateDeclaration("get_weather", "Gets the weather", schema.RootElement);

        var body = await SentBodyAsync(Hello, new ChatOptions { Tools = [tool] });

        var function = body.GetProperty("tools")[0];
        Assert.Equal("function", function.GetProperty("type").GetString());
        Assert.Equal("get_weather", function.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Gets the weather", function.GetProperty("function").GetProperty("description").GetString());
        var parameters = function.GetProperty("function").GetProperty("parameters");
        Assert.False(parameters.TryGetProperty("$schema", out _));
        Assert.Equal("string", parameters.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.False(function.GetProperty("function").TryGetProperty("strict", out _));
        Assert.False(body.TryGetProperty("tool_choice", out _));
    }

    public static TheoryData<string, string> ToolModes => new()
    {
        { "auto", "\"auto\"" },
        { "none", "\"none\"" },
        { "required", "\"required\"" },
        { "required:get_weather", """{"type":"function","function":{"name":"get_weather"}}""" },
    };

    [Theory]
    [MemberData(nameof(ToolModes))]
    public async Task Tool_mode_becomes_tool_choice(string mode, string expectedJson)
    {
        ChatToolMode toolMode = mode switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "required" => ChatToolMode.RequireAny,
            _ => ChatToolMode.RequireSpecific("get_weather"),
        };

        var body = await SentBodyAsync(Hello, new ChatOptions { Tools = [Declaration("get_weather")], ToolMode = toolMode });

        using var expected = JsonDocument.Parse(expectedJson);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, body.GetProperty("tool_choice")), body.GetProperty("tool_choice").ToString());
    }

    [Fact]
    public async Task AllowMultipleToolCalls_becomes_parallel_tool_calls()
    {
        var body = await SentBodyAsync(Hello, new ChatOptions { Tools = [Declaration("a")], AllowMultipleToolCalls = false });

        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public async Task Tool_choice_and_parallel_tool_calls_are_left_out_without_function_tools()
    {
        var body = await SentBodyAsync(Hello, new ChatOptions { Tools = [new HostedFileSearchTool()], ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = true });

        Assert.False(body.TryGetProperty("tools", out _));
        Assert.False(body.TryGetProperty("tool_choice", out _));
        Assert.False(body.TryGetProperty("parallel_tool_calls", out _));
    }

    [Fact]
    public async Task A_json_schema_response_format_is_written_with_name_description_and_schema()
    {
        using var schema = JsonDocument.Parse("""{"$schema":"x","type":"object","properties":{"name":{"type":"string"}}}""");
        var format = ChatResponseFormat.ForJsonSchema(schema.RootElement, "person record", "A person.");

        var body = await SentBodyAsync(Hello, new ChatOptions { ResponseFormat = format });

        var responseFormat = body.GetProperty("response_format");
        Assert.Equal("json_schema", responseFormat.GetProperty("type").GetString());
        var jsonSchema = responseFormat.GetProperty("json_schema");
        Assert.Equal("person_record", jsonSchema.GetProperty("name").GetString());
        Assert.Equal("A person.", jsonSchema.GetProperty("description").GetString());
        Assert.False(jsonSchema.GetProperty("schema").TryGetProperty("$schema", out _));
        Assert.Equal("object", jsonSchema.GetProperty("schema").GetProperty("type").GetString());
        Assert.False(jsonSchema.TryGetProperty("strict", out _));
    }

    [Fact]
    public async Task Strict_is_sent_when_asked_for_through_strictJsonSchema()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{},"additionalProperties":false}""");
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "empty"),
            AdditionalProperties = new() { [StrictJsonSchema.Key] = true },
        };

        var body = await SentBodyAsync(Hello, options);

        Assert.True(body.GetProperty("response_format").GetProperty("json_schema").GetProperty("strict").GetBoolean());
    }

    [Fact]
    public async Task Json_without_a_schema_is_json_object_and_text_sends_no_response_format()
    {
        var json = await SentBodyAsync(Hello, new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        var text = await SentBodyAsync(Hello, new ChatOptions { ResponseFormat = ChatResponseFormat.Text });

        Assert.Equal("json_object", json.GetProperty("response_format").GetProperty("type").GetString());
        Assert.False(text.TryGetProperty("response_format", out _));
    }

    [Theory]
    [InlineData(ReasoningEffort.None, "low")]
    [InlineData(ReasoningEffort.Low, "low")]
    [InlineData(ReasoningEffort.Medium, "medium")]
    [InlineData(ReasoningEffort.High, "high")]
    [InlineData(ReasoningEffort.ExtraHigh, "high")]
    public async Task Reasoning_effort_maps_to_a_value_every_reasoning_model_accepts(ReasoningEffort effort, string expected)
    {
        var body = await SentBodyAsync(Hello, new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } });

        Assert.Equal(expected, body.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public async Task The_request_user_is_sent_as_user()
    {
        var body = await SentBodyAsync(Hello, new ChatOptions().WithUser("user-7"));

        Assert.Equal("user-7", body.GetProperty("user").GetString());
    }

    [Fact]
    public async Task The_gateway_writes_its_native_fields_into_the_root_object()
    {
        var handler = ReplayHandler.Body(MinimalCompletion, "application/json");
        using var client = CreateClient(handler, "gpt-4o-mini", gateway: new ExtendingGateway());

        await client.GetResponseAsync(Hello, new ChatOptions().WithUser("u-1"));

        var body = handler.Sent[0].Json;
        Assert.Equal("u-1", body.GetProperty("providerOptions").GetProperty("gateway").GetProperty("user").GetString());
        Assert.Equal("hello", body.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_tool_loop_history_sends_calls_with_string_arguments_and_results_as_tool_messages()
    {
        var call = new FunctionCallContent("call_1", "lookup", new Dictionary<string, object?> { ["id"] = 7, ["deep"] = true });
        ChatMessage[] history =
        [
            new(ChatRole.User, "look it up"),
            new(ChatRole.Assistant, [new TextContent("Looking."), call]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", new Dictionary<string, object?> { ["found"] = "yes" })]),
        ];

        var body = await SentBodyAsync(history);

        var messages = body.GetProperty("messages");
        var assistant = messages[1];
        Assert.Equal("Looking.", assistant.GetProperty("content").GetString());
        var sentCall = assistant.GetProperty("tool_calls")[0];
        Assert.Equal("call_1", sentCall.GetProperty("id").GetString());
        Assert.Equal("lookup", sentCall.GetProperty("function").GetProperty("name").GetString());
        using var arguments = JsonDocument.Parse(sentCall.GetProperty("function").GetProperty("arguments").GetString()!);
        Assert.Equal(7, arguments.RootElement.GetProperty("id").GetInt32());
        Assert.True(arguments.RootElement.GetProperty("deep").GetBoolean());
        var tool = messages[2];
        Assert.Equal("tool", tool.GetProperty("role").GetString());
        Assert.Equal("call_1", tool.GetProperty("tool_call_id").GetString());
        using var result = JsonDocument.Parse(tool.GetProperty("content").GetString()!);
        Assert.Equal("yes", result.RootElement.GetProperty("found").GetString());
    }

    [Fact]
    public async Task Stream_flag_and_stream_options_are_only_written_for_streaming_calls()
    {
        var body = await SentBodyAsync(Hello);

        Assert.False(body.TryGetProperty("stream", out _));
        Assert.False(body.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public async Task Reasoning_details_are_sent_back_as_received_with_the_whole_text()
    {
        const string encrypted = """{"type":"reasoning.encrypted","data":"gAAAAB-opaque","id":"rs_1","format":"openai-responses-v1","index":0}""";
        const string signed = """{"type":"reasoning.text","text":"","signature":"sig-123","format":"anthropic-claude-v1","index":1}""";
        ChatMessage[] history =
        [
            new(ChatRole.User, "q"),
            new(ChatRole.Assistant,
            [
                new TextReasoningContent(string.Empty) { ProtectedData = encrypted },
                new TextReasoningContent("I should call the tool.") { ProtectedData = signed },
                new FunctionCallContent("call_1", "f", new Dictionary<string, object?>()),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "done")]),
        ];

        var body = await SentBodyAsync(history);

        var details = body.GetProperty("messages")[1].GetProperty("reasoning_details");
        Assert.Equal(2, details.GetArrayLength());
        using var expectedEncrypted = JsonDocument.Parse(encrypted);
        Assert.True(JsonElement.DeepEquals(expectedEncrypted.RootElement, details[0]), details[0].ToString());
        Assert.Equal("reasoning.text", details[1].GetProperty("type").GetString());
        Assert.Equal("I should call the tool.", details[1].GetProperty("text").GetString());
        Assert.Equal("sig-123", details[1].GetProperty("signature").GetString());
        Assert.Equal("anthropic-claude-v1", details[1].GetProperty("format").GetString());
    }

    [Fact]
    public async Task Databricks_reasoning_is_sent_back_as_a_content_part_before_the_text()
    {
        const string part = """{"type":"reasoning","summary":[{"type":"summary_text","text":"partial","signature":"EqoB-sig"}]}""";
        ChatMessage[] history =
        [
            new(ChatRole.User, "q"),
            new(ChatRole.Assistant, [new TextReasoningContent("full thinking") { ProtectedData = part }, new TextContent("answer")]),
            new(ChatRole.User, "more"),
        ];

        var body = await SentBodyAsync(history, model: "claude-sonnet-4-5");

        var content = body.GetProperty("messages")[1].GetProperty("content");
        Assert.Equal(2, content.GetArrayLength());
        Assert.Equal("reasoning", content[0].GetProperty("type").GetString());
        var summary = content[0].GetProperty("summary")[0];
        Assert.Equal("summary_text", summary.GetProperty("type").GetString());
        Assert.Equal("full thinking", summary.GetProperty("text").GetString());
        Assert.Equal("EqoB-sig", summary.GetProperty("signature").GetString());
        Assert.Equal("text", content[1].GetProperty("type").GetString());
        Assert.Equal("answer", content[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Reasoning_without_Chat_Completions_round_trip_data_is_not_sent()
    {
        ChatMessage[] history =
        [
            new(ChatRole.User, "q"),
            new(ChatRole.Assistant, [new TextReasoningContent("thoughts") { ProtectedData = "EqoBAnthropicSignature" }, new TextReasoningContent("plain"), new TextContent("answer")]),
            new(ChatRole.Assistant, [new TextReasoningContent("only reasoning")]),
            new(ChatRole.User, "next"),
        ];

        var body = await SentBodyAsync(history);

        var messages = body.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal("answer", messages[1].GetProperty("content").GetString());
        Assert.False(messages[1].TryGetProperty("reasoning_details", out _));
        Assert.DoesNotContain("thoughts", messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_in_history_is_sent_back_as_refusal()
    {
        ChatMessage[] history =
        [
            new(ChatRole.User, "q"),
            new(ChatRole.Assistant, [new ErrorContent("I can't help with that.") { ErrorCode = ChatCompletionsResponseMapper.RefusalErrorCode }]),
            new(ChatRole.User, "ok"),
        ];

        var body = await SentBodyAsync(history);

        var assistant = body.GetProperty("messages")[1];
        Assert.Equal("I can't help with that.", assistant.GetProperty("refusal").GetString());
        Assert.Equal(JsonValueKind.Null, assistant.GetProperty("content").ValueKind);
    }

    private static AIFunctionDeclaration Declaration(string name)
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{}}""");
        return AIFunctionFactory.CreateDeclaration(name, null, schema.RootElement.Clone());
    }

    [Fact]
    public async Task A_text_content_tool_result_is_sent_as_its_text_not_its_json()
    {
        var body = await SentBodyAsync([new(ChatRole.User, "Q"), new(ChatRole.Assistant, [new FunctionCallContent("call_1", "f")]), new(ChatRole.Tool, [new FunctionResultContent("call_1", new TextContent("21 degrees"))])]);

        Assert.Equal("21 degrees", body.GetProperty("messages")[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_tool_result_image_cannot_be_carried_so_only_its_text_is_sent()
    {
        var result = new FunctionResultContent("call_1", new List<AIContent> { new TextContent("The chart"), new DataContent(new byte[] { 1, 2 }, "image/png") });

        var body = await SentBodyAsync([new(ChatRole.User, "Q"), new(ChatRole.Assistant, [new FunctionCallContent("call_1", "f")]), new(ChatRole.Tool, [result])]);

        Assert.Equal("The chart", body.GetProperty("messages")[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_strict_tool_gets_a_schema_that_follows_the_strict_rules()
    {
        var tool = new StrictTool(JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string","pattern":"^[A-Z]"},"unit":{"type":"string"}},"required":["city"]}""").RootElement);

        var body = await SentBodyAsync(Hello, new ChatOptions { Tools = [tool] });

        var function = body.GetProperty("tools")[0].GetProperty("function");
        var parameters = function.GetProperty("parameters");
        Assert.True(function.GetProperty("strict").GetBoolean());
        Assert.False(parameters.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["city", "unit"], parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        var city = parameters.GetProperty("properties").GetProperty("city");
        Assert.False(city.TryGetProperty("pattern", out _));
        Assert.Contains("pattern", city.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_strict_response_format_gets_a_schema_that_follows_the_strict_rules()
    {
        var format = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"}}}""").RootElement, "city");

        var body = await SentBodyAsync(Hello, new ChatOptions { ResponseFormat = format, AdditionalProperties = new() { ["strictJsonSchema"] = true } });

        var schema = body.GetProperty("response_format").GetProperty("json_schema").GetProperty("schema");
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal("name", schema.GetProperty("required")[0].GetString());
    }

    /// <summary>A declaration that asks for strict mode itself (the tool's own flag).</summary>
    private sealed class StrictTool(JsonElement schema) : AIFunctionDeclaration
    {
        public override string Name => "get_weather";

        public override string Description => "Weather";

        public override JsonElement JsonSchema => schema;

        public override IReadOnlyDictionary<string, object?> AdditionalProperties { get; } =
            new Dictionary<string, object?> { [StrictJsonSchema.Key] = true };
    }
}
