using System.Buffers;
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects;
using AiGateway.Client.Dialects.Responses;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Client.Tests.Dialects.Responses;

/// <summary>The request body the Responses writer produces from messages and options.</summary>
public class ResponsesRequestWriterTests
{
    [Fact]
    public void Model_is_the_route_wire_id_not_the_callers_alias()
    {
        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { ModelId = "my-alias" }, wireModelId: "gpt-5-4");

        Assert.Equal("gpt-5-4", body.GetProperty("model").GetString());
    }

    [Fact]
    public void Every_request_is_stateless()
    {
        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { ConversationId = "resp_previous" });

        Assert.False(body.GetProperty("store").GetBoolean());
        Assert.False(body.TryGetProperty("previous_response_id", out _));
        Assert.False(body.TryGetProperty("conversation", out _));
    }

    [Fact]
    public void Stream_is_written_only_for_streaming_calls()
    {
        Assert.True(Write([new(ChatRole.User, "Hi")], null, stream: true).GetProperty("stream").GetBoolean());
        Assert.False(Write([new(ChatRole.User, "Hi")], null).TryGetProperty("stream", out _));
    }

    [Fact]
    public void Instructions_join_the_option_and_every_system_message_in_order()
    {
        var body = Write(
            [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi"), new(new ChatRole("developer"), "Use French.")],
            new ChatOptions { Instructions = "You are a helper." });

        Assert.Equal("You are a helper.\n\nBe brief.\n\nUse French.", body.GetProperty("instructions").GetString());
        var input = Assert.Single(body.GetProperty("input").EnumerateArray().ToList());
        Assert.Equal("user", input.GetProperty("role").GetString());
    }

    [Fact]
    public void Without_instructions_the_field_is_left_out()
    {
        Assert.False(Write([new(ChatRole.User, "Hi")], null).TryGetProperty("instructions", out _));
    }

    [Fact]
    public void Multi_turn_history_writes_user_input_text_and_assistant_text_as_an_easy_input_message()
    {
        var body = Write([new(ChatRole.User, "Hi"), new(ChatRole.Assistant, "Hello!"), new(ChatRole.User, "How are you?")], null);

        var input = body.GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(3, input.Count);
        Assert.Equal("""{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}""", input[0].GetRawText());
        Assert.Equal("""{"type":"message","role":"assistant","content":"Hello!"}""", input[1].GetRawText());
        Assert.Equal("How are you?", input[2].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Assistant_refusal_goes_back_as_its_text()
    {
        var body = Write([new(ChatRole.User, "Do it"), new(ChatRole.Assistant, [new ErrorContent("I can't help with that.") { ErrorCode = "Refusal" }])], null);

        Assert.Equal("""{"type":"message","role":"assistant","content":"I can\u0027t help with that."}""", body.GetProperty("input")[1].GetRawText());
    }

    [Fact]
    public void DataContent_image_is_sent_as_a_data_uri_input_image()
    {
        byte[] png = [1, 2, 3, 4];
        var body = Write([new(ChatRole.User, [new TextContent("What is this?"), new DataContent(png, "image/png")])], null);

        var parts = body.GetProperty("input")[0].GetProperty("content");
        Assert.Equal("input_image", parts[1].GetProperty("type").GetString());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), parts[1].GetProperty("image_url").GetString());
        Assert.Equal("auto", parts[1].GetProperty("detail").GetString());
    }

    [Fact]
    public void UriContent_image_is_sent_as_its_url_with_the_requested_detail()
    {
        var image = new UriContent(new Uri("https://example.test/cat.jpg"), "image/jpeg") { AdditionalProperties = new() { ["detail"] = "high" } };
        var body = Write([new(ChatRole.User, [image])], null);

        var part = body.GetProperty("input")[0].GetProperty("content")[0];
        Assert.Equal("input_image", part.GetProperty("type").GetString());
        Assert.Equal("https://example.test/cat.jpg", part.GetProperty("image_url").GetString());
        Assert.Equal("high", part.GetProperty("detail").GetString());
    }

    [Fact]
    public void Pdf_DataContent_is_sent_as_an_input_file_with_a_file_name()
    {
        byte[] pdf = [0x25, 0x50, 0x44, 0x46];
        var body = Write([new(ChatRole.User, [new DataContent(pdf, "application/pdf") { Name = "report.pdf" }])], null);

        var part = body.GetProperty("input")[0].GetProperty("content")[0];
        Assert.Equal("input_file", part.GetProperty("type").GetString());
        Assert.Equal("report.pdf", part.GetProperty("filename").GetString());
        Assert.Equal("data:application/pdf;base64," + Convert.ToBase64String(pdf), part.GetProperty("file_data").GetString());
    }

    [Fact]
    public void Pdf_UriContent_is_sent_as_a_file_url()
    {
        var body = Write([new(ChatRole.User, [new UriContent(new Uri("https://example.test/a.pdf"), "application/pdf")])], null);

        var part = body.GetProperty("input")[0].GetProperty("content")[0];
        Assert.Equal("input_file", part.GetProperty("type").GetString());
        Assert.Equal("https://example.test/a.pdf", part.GetProperty("file_url").GetString());
    }

    [Fact]
    public void Tool_calls_and_results_become_their_own_items_in_order()
    {
        var body = Write(
            [
                new(ChatRole.User, "Weather in Paris and Rome?"),
                new(ChatRole.Assistant, [
                    new TextContent("Checking."),
                    new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                    new FunctionCallContent("call_2", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome" }),
                ]),
                new(ChatRole.Tool, [new FunctionResultContent("call_1", "18C"), new FunctionResultContent("call_2", new { temp = 25 })]),
            ],
            null);

        var input = body.GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(["message", "message", "function_call", "function_call", "function_call_output", "function_call_output"], input.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("Checking.", input[1].GetProperty("content").GetString());
        Assert.Equal("""{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\u0022city\u0022:\u0022Paris\u0022}"}""", input[2].GetRawText());
        Assert.Equal("call_2", input[3].GetProperty("call_id").GetString());
        Assert.Equal("""{"type":"function_call_output","call_id":"call_1","output":"18C"}""", input[4].GetRawText());
        Assert.Equal("""{"temp":25}""", input[5].GetProperty("output").GetString());
        Assert.False(input[2].TryGetProperty("id", out _));
    }

    [Fact]
    public void Reasoning_with_encrypted_content_is_sent_back_with_its_id_and_summary()
    {
        var reasoning = new TextReasoningContent("I should call the tool.")
        {
            ProtectedData = "gAAAA-encrypted",
            AdditionalProperties = new() { [ResponsesPropertyKeys.ItemId] = "rs_123" },
        };
        var body = Write(
            [
                new(ChatRole.User, "Weather?"),
                new(ChatRole.Assistant, [reasoning, new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?>())]),
                new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]),
            ],
            null);

        var input = body.GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(
            """{"type":"reasoning","id":"rs_123","summary":[{"type":"summary_text","text":"I should call the tool."}],"encrypted_content":"gAAAA-encrypted"}""",
            input[1].GetRawText());
        Assert.Equal("function_call", input[2].GetProperty("type").GetString());
        Assert.Equal(["reasoning.encrypted_content"], body.GetProperty("include").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Reasoning_without_encrypted_content_or_from_another_provider_is_left_out()
    {
        var logger = new ListLogger();
        var body = Write(
            [
                new(ChatRole.User, "Hi"),
                new(ChatRole.Assistant, [
                    new TextReasoningContent("No state") { AdditionalProperties = new() { [ResponsesPropertyKeys.ItemId] = "rs_1" } },
                    new TextReasoningContent("Claude thinking") { ProtectedData = "anthropic-signature" },
                    new TextContent("Hello"),
                ]),
            ],
            null,
            logger: logger);

        var input = body.GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(["message", "message"], input.Select(i => i.GetProperty("type").GetString()));
        Assert.False(body.TryGetProperty("include", out _));
        Assert.Equal(2, logger.Entries.Count(e => e.EventId == 32));
    }

    [Fact]
    public void Include_encrypted_reasoning_when_reasoning_is_requested()
    {
        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } });

        Assert.Equal(["reasoning.encrypted_content"], body.GetProperty("include").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("""{"effort":"low"}""", body.GetProperty("reasoning").GetRawText());
    }

    [Fact]
    public void Include_encrypted_reasoning_for_a_catalog_reasoning_model_without_options()
    {
        var model = new CatalogModel("openai/gpt-5") { Capabilities = ModelCapabilities.Reasoning };

        var body = Write([new(ChatRole.User, "Hi")], null, model: model);

        Assert.Equal(["reasoning.encrypted_content"], body.GetProperty("include").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void No_include_for_a_model_without_reasoning()
    {
        Assert.False(Write([new(ChatRole.User, "Hi")], new ChatOptions { Temperature = 0.2f }).TryGetProperty("include", out _));
    }

    [Theory]
    [InlineData(ReasoningEffort.None, null, """{"effort":"none"}""")]
    [InlineData(ReasoningEffort.Medium, ReasoningOutput.Summary, """{"effort":"medium","summary":"auto"}""")]
    [InlineData(ReasoningEffort.High, ReasoningOutput.Full, """{"effort":"high","summary":"detailed"}""")]
    [InlineData(ReasoningEffort.ExtraHigh, ReasoningOutput.None, """{"effort":"xhigh"}""")]
    public void Reasoning_options_map_to_effort_and_summary(ReasoningEffort effort, ReasoningOutput? output, string expected)
    {
        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort, Output = output } });

        Assert.Equal(expected, body.GetProperty("reasoning").GetRawText());
    }

    [Fact]
    public void Sampling_options_are_written_with_their_Responses_names()
    {
        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 300, Temperature = 0.25f, TopP = 0.5f });

        Assert.Equal(300, body.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal(0.25, body.GetProperty("temperature").GetDouble());
        Assert.Equal(0.5, body.GetProperty("top_p").GetDouble());
    }

    [Fact]
    public void Parameters_the_catalog_marks_unsupported_are_dropped_with_a_warning()
    {
        var model = new CatalogModel("openai/gpt-5-mini") { UnsupportedParameters = new HashSet<string> { "temperature", "top_p" } };
        var logger = new ListLogger();

        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Temperature = 0.3f, TopP = 0.9f, MaxOutputTokens = 50 }, model: model, logger: logger);

        Assert.False(body.TryGetProperty("temperature", out _));
        Assert.False(body.TryGetProperty("top_p", out _));
        Assert.Equal(50, body.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Warning && e.EventId == 1));
    }

    [Fact]
    public void Options_the_Responses_API_lacks_are_left_out_with_a_warning()
    {
        var logger = new ListLogger();

        var body = Write(
            [new(ChatRole.User, "Hi")],
            new ChatOptions { TopK = 5, Seed = 1, StopSequences = ["END"], FrequencyPenalty = 0.1f, PresencePenalty = 0.2f },
            logger: logger);

        foreach (var field in new[] { "top_k", "seed", "stop", "frequency_penalty", "presence_penalty" })
        {
            Assert.False(body.TryGetProperty(field, out _));
            Assert.Contains(logger.Entries, e => e.EventId == 30 && e.Message.Contains($"'{field}'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Function_tools_are_written_with_strict_false_and_schema_without_dollar_schema()
    {
        var schema = JsonDocument.Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement;
        var tool = AIFunctionFactory.CreateDeclaration("get_weather", "Gets the weather", schema);

        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Tools = [tool] });

        Assert.Equal(
            """[{"type":"function","name":"get_weather","description":"Gets the weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}]""",
            body.GetProperty("tools").GetRawText());
    }

    [Fact]
    public void Strict_json_schema_option_makes_tools_strict()
    {
        var tool = AIFunctionFactory.CreateDeclaration("noop", null, JsonDocument.Parse("""{"type":"object","properties":{},"additionalProperties":false}""").RootElement);

        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Tools = [tool], AdditionalProperties = new() { ["strictJsonSchema"] = true } });

        Assert.True(body.GetProperty("tools")[0].GetProperty("strict").GetBoolean());
    }

    [Fact]
    public void Web_search_tool_is_the_hosted_web_search()
    {
        var body = Write([new(ChatRole.User, "News?")], new ChatOptions { Tools = [new HostedWebSearchTool()] });

        Assert.Equal("""[{"type":"web_search"}]""", body.GetProperty("tools").GetRawText());
    }

    [Theory]
    [MemberData(nameof(ToolModes))]
    public void Tool_mode_maps_to_tool_choice(ChatToolMode mode, string expected)
    {
        var tool = AIFunctionFactory.CreateDeclaration("get_weather", null, JsonDocument.Parse("""{"type":"object"}""").RootElement);

        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Tools = [tool], ToolMode = mode });

        Assert.Equal(expected, body.GetProperty("tool_choice").GetRawText());
    }

    public static TheoryData<ChatToolMode, string> ToolModes() => new()
    {
        { ChatToolMode.Auto, "\"auto\"" },
        { ChatToolMode.None, "\"none\"" },
        { ChatToolMode.RequireAny, "\"required\"" },
        { ChatToolMode.RequireSpecific("get_weather"), """{"type":"function","name":"get_weather"}""" },
    };

    [Fact]
    public void AllowMultipleToolCalls_is_parallel_tool_calls()
    {
        var tool = AIFunctionFactory.CreateDeclaration("f", null, JsonDocument.Parse("""{"type":"object"}""").RootElement);

        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Tools = [tool], AllowMultipleToolCalls = false });

        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public void Json_schema_response_format_is_text_format_json_schema()
    {
        var schema = JsonDocument.Parse("""{"$schema":"x","type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}""").RootElement;
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "person", "A person"),
            AdditionalProperties = new() { ["strictJsonSchema"] = true },
        };

        var body = Write([new(ChatRole.User, "Who?")], options);

        Assert.Equal(
            """{"format":{"type":"json_schema","name":"person","description":"A person","schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false},"strict":true}}""",
            body.GetProperty("text").GetRawText());
    }

    [Fact]
    public void Json_without_schema_is_text_format_json_object()
    {
        var body = Write([new(ChatRole.User, "JSON please")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        Assert.Equal("""{"format":{"type":"json_object"}}""", body.GetProperty("text").GetRawText());
    }

    [Fact]
    public void Text_response_format_writes_no_text_field()
    {
        Assert.False(Write([new(ChatRole.User, "Hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Text }).TryGetProperty("text", out _));
    }

    [Fact]
    public void Gateway_user_is_the_user_field()
    {
        var body = Write([new(ChatRole.User, "Hi")], null, user: "user-42");

        Assert.Equal("user-42", body.GetProperty("user").GetString());
    }

    [Fact]
    public void An_empty_user_message_is_still_sent_as_a_turn()
    {
        var body = Write([new(ChatRole.User, "")], null);

        Assert.Equal("""[{"type":"message","role":"user","content":""}]""", body.GetProperty("input").GetRawText());
    }

    [Fact]
    public void Reasoning_read_back_from_saved_json_is_sent_again()
    {
        var reasoning = new TextReasoningContent("Thinking.")
        {
            ProtectedData = "gAAAA-encrypted",
            AdditionalProperties = new() { [ResponsesPropertyKeys.ItemId] = "rs_123" },
        };
        List<ChatMessage> saved = [new(ChatRole.User, "Hi"), new(ChatRole.Assistant, [reasoning, new TextContent("Hello")]), new(ChatRole.User, "Again")];
        var reloaded = JsonSerializer.Deserialize<List<ChatMessage>>(JsonSerializer.Serialize(saved, AIJsonUtilities.DefaultOptions), AIJsonUtilities.DefaultOptions)!;

        var body = Write(reloaded, null);

        var item = body.GetProperty("input")[1];
        Assert.Equal("reasoning", item.GetProperty("type").GetString());
        Assert.Equal("rs_123", item.GetProperty("id").GetString());
        Assert.Equal("gAAAA-encrypted", item.GetProperty("encrypted_content").GetString());
    }

    [Fact]
    public void A_hosted_file_image_keeps_its_detail()
    {
        var image = new HostedFileContent("file-abc") { MediaType = "image/png", AdditionalProperties = new() { ["detail"] = "high" } };

        var body = Write([new(ChatRole.User, [new TextContent("What is it?"), image])], null);

        Assert.Equal("""{"type":"input_image","file_id":"file-abc","detail":"high"}""", body.GetProperty("input")[0].GetProperty("content")[1].GetRawText());
    }

    [Fact]
    public void A_tool_result_with_an_image_is_sent_as_input_parts()
    {
        var result = new FunctionResultContent("call_1", new List<AIContent> { new TextContent("The chart:"), new DataContent(new byte[] { 1, 2 }, "image/png") });

        var body = Write([new(ChatRole.User, "Chart?"), new(ChatRole.Assistant, [new FunctionCallContent("call_1", "chart")]), new(ChatRole.Tool, [result])], null);

        Assert.Equal(
            """[{"type":"input_text","text":"The chart:"},{"type":"input_image","image_url":"data:image/png;base64,AQI=","detail":"auto"}]""",
            body.GetProperty("input")[2].GetProperty("output").GetRawText());
    }

    [Fact]
    public void A_tool_result_that_is_text_content_is_sent_as_its_text()
    {
        var body = Write([new(ChatRole.User, "Q"), new(ChatRole.Assistant, [new FunctionCallContent("call_1", "f")]), new(ChatRole.Tool, [new FunctionResultContent("call_1", new TextContent("21 degrees"))])], null);

        Assert.Equal("21 degrees", body.GetProperty("input")[2].GetProperty("output").GetString());
    }

    [Fact]
    public void A_pdf_tool_result_is_sent_as_an_input_file()
    {
        var result = new FunctionResultContent("call_1", new DataContent(new byte[] { 1 }, "application/pdf") { Name = "r.pdf" });

        var body = Write([new(ChatRole.User, "Q"), new(ChatRole.Assistant, [new FunctionCallContent("call_1", "f")]), new(ChatRole.Tool, [result])], null);

        Assert.Equal("""[{"type":"input_file","filename":"r.pdf","file_data":"data:application/pdf;base64,AQ=="}]""", body.GetProperty("input")[2].GetProperty("output").GetRawText());
    }

    [Fact]
    public void Strict_tools_get_a_schema_that_follows_the_strict_rules()
    {
        var tool = AIFunctionFactory.CreateDeclaration(
            "get_weather",
            "Weather",
            JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string","minLength":2},"unit":{"type":"string"}},"required":["city"]}""").RootElement);

        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Tools = [tool], AdditionalProperties = new() { ["strictJsonSchema"] = true } });

        var parameters = body.GetProperty("tools")[0].GetProperty("parameters");
        Assert.True(body.GetProperty("tools")[0].GetProperty("strict").GetBoolean());
        Assert.False(parameters.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["city", "unit"], parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.False(parameters.GetProperty("properties").GetProperty("city").TryGetProperty("minLength", out _));
    }

    [Fact]
    public void Non_strict_tools_keep_their_schema_as_written()
    {
        var tool = AIFunctionFactory.CreateDeclaration("f", "F", JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"}}}""").RootElement);

        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Tools = [tool] });

        Assert.Equal("""{"type":"object","properties":{"a":{"type":"string"}}}""", body.GetProperty("tools")[0].GetProperty("parameters").GetRawText());
    }

    internal static JsonElement Write(
        IList<ChatMessage> messages,
        ChatOptions? options,
        bool stream = false,
        CatalogModel? model = null,
        string? wireModelId = null,
        ILogger? logger = null,
        string? user = null)
    {
        var gateway = new TestGateway();
        model ??= new ModelCatalog([]).Resolve("gpt-4o-mini");
        var wire = wireModelId ?? model.Name;
        var route = new Route(ChatDialect.Responses, gateway.GetEndpoint(ChatDialect.Responses, model, wire, false), gateway.GetEndpoint(ChatDialect.Responses, model, wire, true), wire, model, gateway);
        var request = new DialectRequest(messages.ToList(), options, route, stream, new GatewayRequestContext(ChatDialect.Responses, model) { User = user }, logger ?? NullLogger.Instance);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ResponsesDialect.Instance.WriteRequest(writer, request);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}
