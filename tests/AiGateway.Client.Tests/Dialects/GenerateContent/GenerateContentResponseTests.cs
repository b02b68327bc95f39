using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.GenerateContent.GeminiTestSupport;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>Reading non-streamed generateContent answers beyond the recorded ones.</summary>
public sealed class GenerateContentResponseTests
{
    private static async Task<ChatResponse> ReadAsync(string body, string model = "gemini-2.5-flash")
    {
        using var client = GeminiClient(Json(body), model);
        return await client.GetResponseAsync("hi");
    }

    private static string WithFinishReason(string finishReason, string parts = """[{"text":"partial"}]""") =>
        $$"""{"candidates":[{"content":{"role":"model","parts":{{parts}}},"finishReason":"{{finishReason}}"}],"responseId":"r9"}""";

    [Theory]
    [InlineData("STOP", "stop")]
    [InlineData("MAX_TOKENS", "length")]
    [InlineData("SAFETY", "content_filter")]
    [InlineData("RECITATION", "content_filter")]
    [InlineData("BLOCKLIST", "content_filter")]
    [InlineData("PROHIBITED_CONTENT", "content_filter")]
    [InlineData("SPII", "content_filter")]
    [InlineData("IMAGE_SAFETY", "content_filter")]
    [InlineData("MALFORMED_FUNCTION_CALL", "MALFORMED_FUNCTION_CALL")]
    [InlineData("OTHER", "OTHER")]
    public async Task Finish_reasons_map_and_the_raw_value_is_kept(string geminiReason, string expected)
    {
        var response = await ReadAsync(WithFinishReason(geminiReason));

        Assert.Equal(new ChatFinishReason(expected), response.FinishReason);
        Assert.Equal(geminiReason, MessageProperty(response, "finishReason"));
    }

    [Fact]
    public async Task Stop_with_function_calls_is_tool_calls()
    {
        var response = await ReadAsync(WithFinishReason("STOP", """[{"functionCall":{"name":"now","args":{}}}]"""));

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task A_blocked_prompt_is_an_empty_answer_filtered_for_content()
    {
        var response = await ReadAsync("""
            {"promptFeedback":{"blockReason":"SAFETY","blockReasonMessage":"The prompt was blocked.",
              "safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"HIGH","blocked":true}]},
             "usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},"modelVersion":"gemini-2.5-flash","responseId":"blk"}
            """);

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("SAFETY", MessageProperty(response, "blockReason"));
        Assert.Equal("The prompt was blocked.", MessageProperty(response, "blockReasonMessage"));
        Assert.Empty(AllContents(response));
        Assert.Equal(8, response.Usage?.InputTokenCount);
        Assert.Null(response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task A_field_name_with_escaped_characters_is_read_as_its_unescaped_name()
    {
        // "usage\u005fmetadata" is "usage_metadata": its escaped length differs from the name's.
        var response = await ReadAsync("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"hi"}]},"finish\u005freason":"STOP"}],
             "usage\u005fmetadata":{"prompt_token_count":3,"candidates_token_count":4,"total_token_count":7},
             "model\u0056ersion":"gemini-x"}
            """);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(3, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        Assert.Equal("gemini-x", response.ModelId);
    }

    [Fact]
    public async Task Snake_case_field_names_are_read_too()
    {
        var response = await ReadAsync("""
            {"candidates":[{"content":{"role":"model","parts":[
                {"function_call":{"name":"lookup","args":{"q":"x"}},"thought_signature":"c2ln"},
                {"inline_data":{"mime_type":"image/png","data":"AQID"}},
                {"file_data":{"mime_type":"application/pdf","file_uri":"https://example.test/a.pdf"}}]},
              "finish_reason":"STOP","finish_message":"done"}],
             "usage_metadata":{"prompt_token_count":3,"candidates_token_count":4,"thoughts_token_count":5,
               "cached_content_token_count":1,"tool_use_prompt_token_count":2,"total_token_count":14},
             "model_version":"gemini-x","response_id":"snake","create_time":"2026-01-02T03:04:05Z"}
            """);

        var call = Single<FunctionCallContent>(response);
        Assert.Equal("lookup", call.Name);
        Assert.Equal("x", call.Arguments?["q"]?.ToString());
        Assert.Equal("c2ln", call.AdditionalProperties?["thoughtSignature"]);
        Assert.Equal([1, 2, 3], Single<DataContent>(response).Data.ToArray());
        Assert.Equal(new Uri("https://example.test/a.pdf"), Single<UriContent>(response).Uri);
        Assert.Equal("application/pdf", Single<UriContent>(response).MediaType);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("done", MessageProperty(response, "finishMessage"));
        Assert.Equal("gemini-x", response.ModelId);
        Assert.Equal("snake", response.ResponseId);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), response.CreatedAt);
        Assert.Equal(3, response.Usage?.InputTokenCount);
        Assert.Equal(9, response.Usage?.OutputTokenCount);
        Assert.Equal(5, response.Usage?.ReasoningTokenCount);
        Assert.Equal(1, response.Usage?.CachedInputTokenCount);
        Assert.Equal(2, response.Usage?.AdditionalCounts?["toolUsePromptTokenCount"]);
        Assert.Equal(14, response.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task Unknown_fields_and_part_kinds_are_ignored()
    {
        var response = await ReadAsync("""
            {"candidates":[{"content":{"role":"model","parts":[
                {"futurePart":{"language":"PYTHON","code":"print(1)"}},
                {"text":"The answer is 1.","futureFlag":true,"videoMetadata":{"fps":2}}]},
              "finishReason":"STOP","avgLogprobs":-0.1,"citationMetadata":{"citationSources":[{"uri":"https://x.test"}]},
              "futureCandidateField":[1,{"a":null}]}],
             "usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":2,"totalTokenCount":3,"promptTokensDetails":[{"modality":"TEXT","tokenCount":1}],"futureCount":9},
             "automaticFunctionCallingHistory":[],"sdkHttpResponse":{"headers":{}},"modelVersion":"m","responseId":"r"}
            """);

        Assert.Equal("The answer is 1.", response.Text);
        Assert.Single(AllContents(response));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(3, response.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task A_function_call_id_gemini_sent_is_kept_and_arguments_are_parsed()
    {
        var response = await ReadAsync(WithFinishReason("STOP", """
            [{"functionCall":{"id":"fc-1","name":"book","args":{"seats":2,"window":true,"names":["a","b"],"meta":{"vip":null}}}},
             {"functionCall":{"name":"pay"}}]
            """));

        var calls = AllContents(response).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["fc-1", "gemini_call_r9_1"], calls.Select(c => c.CallId));
        Assert.Equal(["seats", "window", "names", "meta"], calls[0].Arguments!.Keys);
        Assert.Equal("2", calls[0].Arguments!["seats"]!.ToString());
        Assert.Empty(calls[1].Arguments!);
        Assert.Null(calls[0].AdditionalProperties);
    }

    [Fact]
    public async Task Generated_call_ids_are_stable_for_the_same_answer()
    {
        const string Body = """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"a"}},{"functionCall":{"name":"b"}}]},"finishReason":"STOP"}],"responseId":"same"}""";

        var first = await ReadAsync(Body);
        var second = await ReadAsync(Body);

        Assert.Equal(
            AllContents(first).OfType<FunctionCallContent>().Select(c => c.CallId),
            AllContents(second).OfType<FunctionCallContent>().Select(c => c.CallId));
        Assert.Equal(2, AllContents(first).OfType<FunctionCallContent>().Select(c => c.CallId).Distinct().Count());
    }

    [Fact]
    public async Task A_thought_part_becomes_reasoning_with_its_signature()
    {
        var response = await ReadAsync(WithFinishReason("STOP", """
            [{"text":"Thinking about it.","thought":true,"thoughtSignature":"dGhvdWdodA=="},{"text":"Answer."}]
            """));

        var reasoning = Single<TextReasoningContent>(response);
        Assert.Equal("Thinking about it.", reasoning.Text);
        Assert.Equal("dGhvdWdodA==", reasoning.ProtectedData);
        Assert.Equal("Answer.", response.Text);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_malformed_response()
    {
        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAsync("<html>oops</html>"));

        Assert.Contains("GenerateContent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_base64_image_data_is_a_malformed_response()
    {
        await Assert.ThrowsAsync<MalformedResponseException>(() =>
            ReadAsync(WithFinishReason("STOP", """[{"inlineData":{"mimeType":"image/png","data":"not base64!"}}]""")));
    }

    [Fact]
    public async Task Without_a_model_version_the_wire_model_id_is_reported()
    {
        var response = await ReadAsync(WithFinishReason("STOP"), "gemini-2.5-flash-lite");

        Assert.Equal("gemini-2.5-flash-lite", response.ModelId);
    }
}
