using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Client.Dialects.GenerateContent;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.GenerateContent.GeminiTestSupport;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>Replays every recorded Gemini transcript in <c>Fixtures/generate-content</c> through the real leaf client.</summary>
public sealed class GenerateContentFixtureTests
{
    private const string TextJson = Folder + "/google-text.json";
    private const string TextChunks = Folder + "/google-text.chunks.txt";
    private const string ToolCallJson = Folder + "/google-tool-call.json";
    private const string RateLimitJson = Folder + "/google-429-retry-info.json";
    private const string BasicStream = Folder + "/googleai-streaming-success-basic-reply-short.txt";
    private const string ThinkingStream = Folder + "/googleai-streaming-success-thinking-function-call-thought-summary-signature.txt";
    private const string ApiKeyFailure = Folder + "/googleai-unary-failure-api-key.json";
    private const string ImageJson = Folder + "/vertexai-unary-success-image-invalid-safety-ratings.json";
    private const string CachingJson = Folder + "/vertexai-unary-success-implicit-caching.json";
    private const string ThoughtSignatureCassette = Folder + "/test_tools_with_gemini_3_thought_signatures.extracted.json";

    private static readonly string[] Replayed =
        [TextJson, TextChunks, ToolCallJson, RateLimitJson, BasicStream, ThinkingStream, ApiKeyFailure, ImageJson, CachingJson, ThoughtSignatureCassette];

    [Fact]
    public void Every_fixture_file_in_the_folder_is_replayed_here()
    {
        Assert.Equal(Fixtures.FilesIn(Folder).Select(p => p.Replace('\\', '/')).Order(StringComparer.Ordinal), Replayed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Text_with_a_thought_signature_is_read_in_full()
    {
        var body = Fixtures.ReadText(TextJson);
        using var client = GeminiClient(Json(body), "gemini-3-pro-preview");

        var response = await client.GetResponseAsync("How many r's are in strawberry?");

        AssertMatches(RecordedAnswer.FromJson(body), response);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.IsType<GenerateContentResponseDto>(response.RawRepresentation);
    }

    [Fact]
    public async Task Streamed_text_ending_in_a_signature_only_part_is_read_in_full()
    {
        using var client = GeminiClient(ReplayHandler.Body(Fixtures.ChunksAsSse(TextChunks), "text/event-stream"), "gemini-3-pro-preview");

        var updates = await CollectAsync(client.GetStreamingResponseAsync("How many r's are in strawberry?"));

        var expected = RecordedAnswer.FromChunksFile(TextChunks);
        AssertMatches(expected, updates.ToChatResponse());
        AssertStreamShape(expected, updates);
    }

    [Fact]
    public async Task A_function_call_with_its_signature_is_read_in_full()
    {
        var body = Fixtures.ReadText(ToolCallJson);
        using var client = GeminiClient(Json(body), "gemini-3-pro-preview");

        var response = await client.GetResponseAsync("What is the weather in San Francisco?");

        var expected = RecordedAnswer.FromJson(body);
        AssertMatches(expected, response);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(expected.FinishMessage, MessageProperty(response, "finishMessage"));
        var call = Single<FunctionCallContent>(response);
        Assert.StartsWith("gemini_call_" + expected.ResponseId, call.CallId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_with_RetryInfo_becomes_a_rate_limit_with_its_retry_delay()
    {
        var body = Fixtures.ReadText(RateLimitJson);
        using var client = GeminiClient(Json(body, 429));

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync("hi"));

        using var recorded = JsonDocument.Parse(body);
        var error = recorded.RootElement.GetProperty("error");
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(error.GetProperty("status").GetString(), ex.ErrorCode);
        Assert.Equal(error.GetProperty("message").GetString(), ex.ProviderMessage);
        var delay = error.GetProperty("details")[1].GetProperty("retryDelay").GetString()!;
        Assert.Equal(TimeSpan.FromSeconds(double.Parse(delay.TrimEnd('s'), CultureInfo.InvariantCulture)), ex.RetryAfter);
        Assert.True(ex.IsTransient);
        Assert.Equal(AiGateway.Client.ChatDialect.GenerateContent, ex.Dialect);
    }

    [Fact]
    public async Task A_raw_sse_stream_with_crlf_line_ends_is_read_in_full()
    {
        var sse = Fixtures.ReadText(BasicStream);
        using var client = GeminiClient(ReplayHandler.Body(sse, "text/event-stream"), "gemini-2.0-flash");

        var updates = await CollectAsync(client.GetStreamingResponseAsync("What is the capital of Wyoming?"));

        var expected = RecordedAnswer.FromSse(sse);
        AssertMatches(expected, updates.ToChatResponse());
        AssertStreamShape(expected, updates);
        Assert.Null(updates.ToChatResponse().ResponseId);
    }

    [Fact]
    public async Task Streamed_thought_summaries_and_a_signed_function_call_are_read_in_full()
    {
        var sse = Fixtures.ReadText(ThinkingStream);
        using var client = GeminiClient(ReplayHandler.Body(sse, "text/event-stream"));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("How many days until New Year's Eve?"));

        var expected = RecordedAnswer.FromSse(sse);
        var response = updates.ToChatResponse();
        AssertMatches(expected, response);
        AssertStreamShape(expected, updates);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.NotEmpty(expected.Thoughts);
    }

    [Fact]
    public async Task An_invalid_api_key_400_becomes_an_authentication_failure()
    {
        var body = Fixtures.ReadText(ApiKeyFailure);
        using var client = GeminiClient(Json(body, 400));

        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.GetResponseAsync("hi"));

        using var recorded = JsonDocument.Parse(body);
        var error = recorded.RootElement.GetProperty("error");
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(error.GetProperty("details")[0].GetProperty("reason").GetString(), ex.ErrorCode);
        Assert.Equal(error.GetProperty("message").GetString(), ex.ProviderMessage);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain(TestGateway.Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_answer_with_empty_safety_ratings_becomes_data_content()
    {
        var body = Fixtures.ReadText(ImageJson);
        using var client = GeminiClient(Json(body), "gemini-2.0-flash-exp");

        var response = await client.GetResponseAsync("Draw a blue square.");

        var expected = RecordedAnswer.FromJson(body);
        AssertMatches(expected, response);
        var image = Single<DataContent>(response);
        Assert.Equal((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'], image.Data.Span[..4]);
        var raw = Assert.IsType<GenerateContentResponseDto>(response.RawRepresentation);
        Assert.Equal(8, raw.Candidates[0].SafetyRatings.Count);
        Assert.Null(raw.Candidates[0].SafetyRatings[^1].Category);
    }

    [Fact]
    public async Task Implicit_caching_reports_cached_input_and_reasoning_tokens()
    {
        var body = Fixtures.ReadText(CachingJson);
        using var client = GeminiClient(Json(body));

        var response = await client.GetResponseAsync("Where is Red Riding Hood?");

        var expected = RecordedAnswer.FromJson(body);
        AssertMatches(expected, response);
        Assert.NotNull(expected.CachedTokens);
        Assert.Null(response.ResponseId);
    }

    [Fact]
    public async Task The_gemini_3_tool_loop_sends_the_recorded_requests_and_reads_both_answers()
    {
        var exchanges = Fixtures.Exchanges(ThoughtSignatureCassette);
        Assert.Equal(2, exchanges.Count);
        var handler = SseBodies(exchanges.Select(e => JsonArrayAsSse(e.ResponseBody)).ToArray());
        using var client = GeminiClient(handler, "gemini-3-flash-preview");
        var multiply = AIFunctionFactory.Create((int x, int y) => x * y, "multiply", "Multiply two numbers.");
        var options = new ChatOptions { Tools = [multiply] };
        List<ChatMessage> history = [new(ChatRole.User, "What is 5 times 3?")];

        // Turn 1: the model calls multiply, with a thought signature.
        var first = (await CollectAsync(client.GetStreamingResponseAsync(history, options))).ToChatResponse();
        var expectedFirst = RecordedAnswer.FromSse(JsonArrayAsSse(exchanges[0].ResponseBody));
        AssertMatches(expectedFirst, first);
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);

        // Turn 2: the call and its result go back; the model answers.
        history.AddRange(first.Messages);
        var call = Single<FunctionCallContent>(first);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "15")]));
        var second = (await CollectAsync(client.GetStreamingResponseAsync(history, options))).ToChatResponse();
        AssertMatches(RecordedAnswer.FromSse(JsonArrayAsSse(exchanges[1].ResponseBody)), second);
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);

        // Both requests went to the recorded model's streaming URL (with alt=sse, which the recording lacked).
        Assert.Equal(2, handler.Sent.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(exchanges[i].Uri.AbsolutePath, handler.Sent[i].Uri.AbsolutePath);
            Assert.Equal("?alt=sse", handler.Sent[i].Uri.Query);
            Assert.Equal(TestGateway.Key, handler.Sent[i].Headers["x-goog-api-key"]);
            AssertRequestMatches(exchanges[i].RequestBody!.Value, handler.Sent[i].Json);
        }
    }

    /// <summary>
    /// Compares the body the writer produced with the recorded one on what matters: contents (roles and parts,
    /// snake_case recorded keys read as camelCase, llm-gemini's empty text part ignored) and the function declarations
    /// (the recorded <c>parameters</c> schema is sent as <c>parametersJsonSchema</c>). The recording's
    /// <c>safetySettings</c> were llm-gemini's own choice and are not sent by this client.
    /// </summary>
    private static void AssertRequestMatches(JsonElement recorded, JsonElement sent)
    {
        Assert.False(sent.TryGetProperty("model", out _));
        Assert.Equal(Normalize(recorded.GetProperty("contents")), Normalize(sent.GetProperty("contents")));

        var recordedFunction = recorded.GetProperty("tools")[0].GetProperty("functionDeclarations")[0];
        var sentFunction = sent.GetProperty("tools")[0].GetProperty("functionDeclarations")[0];
        Assert.Equal(recordedFunction.GetProperty("name").GetString(), sentFunction.GetProperty("name").GetString());
        Assert.Equal(recordedFunction.GetProperty("description").GetString(), sentFunction.GetProperty("description").GetString());
        var recordedSchema = JsonNode.Parse(recordedFunction.GetProperty("parameters").GetRawText())!.AsObject();
        var sentSchema = JsonNode.Parse(sentFunction.GetProperty("parametersJsonSchema").GetRawText())!.AsObject();
        Assert.Equal(recordedSchema["type"]!.GetValue<string>(), sentSchema["type"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(recordedSchema["required"], sentSchema["required"]));
        foreach (var (name, schema) in recordedSchema["properties"]!.AsObject())
        {
            Assert.Equal(schema!["type"]!.GetValue<string>(), sentSchema["properties"]![name]!["type"]!.GetValue<string>());
        }
    }

    /// <summary>Contents as comparable JSON: camelCase keys, sorted properties, empty text parts dropped.</summary>
    private static string Normalize(JsonElement contents)
    {
        var array = new JsonArray();
        foreach (var content in contents.EnumerateArray())
        {
            var parts = new JsonArray();
            foreach (var part in content.GetProperty("parts").EnumerateArray())
            {
                if (part.TryGetProperty("text", out var text) && text.GetString() == string.Empty && !part.TryGetProperty("thoughtSignature", out _))
                {
                    continue;
                }

                parts.Add(Canonical(part));
            }

            array.Add(new JsonObject { ["role"] = content.GetProperty("role").GetString(), ["parts"] = parts });
        }

        return array.ToJsonString();
    }

    private static JsonNode? Canonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new JsonObject(element.EnumerateObject()
            .Select(p => KeyValuePair.Create(CamelCase(p.Name), Canonical(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)),
        JsonValueKind.Array => new JsonArray(element.EnumerateArray().Select(Canonical).ToArray()),
        _ => JsonNode.Parse(element.GetRawText()),
    };

    private static string CamelCase(string name)
    {
        var pieces = name.Split('_');
        return pieces[0] + string.Concat(pieces.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    /// <summary>Checks the client's answer against everything the recording says.</summary>
    private static void AssertMatches(RecordedAnswer expected, ChatResponse response)
    {
        Assert.Equal(expected.Text, response.Text);
        var contents = AllContents(response).ToList();
        var reasoning = contents.OfType<TextReasoningContent>().ToList();
        Assert.Equal(expected.Thoughts, string.Concat(reasoning.Select(r => r.Text)));
        Assert.Equal(expected.TextSignatures, reasoning.Where(r => r.ProtectedData is not null).Select(r => r.ProtectedData!));

        var calls = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(expected.FunctionCalls.Count, calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            var (name, args, signature) = expected.FunctionCalls[i];
            Assert.Equal(name, calls[i].Name);
            var parsed = JsonSerializer.SerializeToNode(calls[i].Arguments, AIJsonUtilities.DefaultOptions);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(args.GetRawText()), parsed), $"arguments of {name}: {parsed}");
            Assert.Equal(signature, calls[i].AdditionalProperties?["thoughtSignature"]);
            Assert.False(string.IsNullOrEmpty(calls[i].CallId));
        }

        var images = contents.OfType<DataContent>().ToList();
        Assert.Equal(expected.Images.Select(i => i.MimeType), images.Select(i => i.MediaType));
        Assert.Equal(expected.Images.Select(i => i.Data), images.Select(i => Convert.ToBase64String(i.Data.Span)));

        Assert.Equal(expected.ResponseId, response.ResponseId);
        Assert.Equal(expected.ModelVersion, response.ModelId);
        Assert.Equal(expected.CreateTime is null ? null : DateTimeOffset.Parse(expected.CreateTime, CultureInfo.InvariantCulture), response.CreatedAt);
        Assert.Equal(expected.FinishReason, MessageProperty(response, "finishReason"));
        Assert.Equal(expected.FunctionCalls.Count > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop, response.FinishReason);

        Assert.NotNull(response.Usage);
        Assert.Equal(expected.PromptTokens, (int?)response.Usage.InputTokenCount);
        Assert.Equal(expected.OutputTokens, (int?)response.Usage.OutputTokenCount);
        Assert.Equal(expected.TotalTokens, (int?)response.Usage.TotalTokenCount);
        Assert.Equal(expected.ThoughtsTokens, (int?)response.Usage.ReasoningTokenCount);
        Assert.Equal(expected.CachedTokens, (int?)response.Usage.CachedInputTokenCount);
    }

    /// <summary>Checks what every stream must look like: assistant updates with ids, one usage, the finish reason once.</summary>
    private static void AssertStreamShape(RecordedAnswer expected, List<ChatResponseUpdate> updates)
    {
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.All(updates, u => Assert.Equal(expected.ResponseId, u.ResponseId));
        Assert.All(updates, u => Assert.Equal(expected.ResponseId, u.MessageId));
        Assert.All(updates, u => Assert.Equal(expected.ModelVersion, u.ModelId));
        Assert.Single(updates, u => u.FinishReason is not null);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(expected.TotalTokens, (int?)usage.Details.TotalTokenCount);
    }
}
