using System.Net;
using System.Text.Json;
using AiGateway.Client.Dialects;
using AiGateway.Client.Dialects.ChatCompletions;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects.ChatCompletions;

/// <summary>
/// Replays every recorded transcript in Fixtures/chat-completions through the real leaf client and asserts the whole
/// result against the values in the file; where the file has the request, the body the writer produced is checked
/// against it.
/// </summary>
public sealed class ChatCompletionsFixtureReplayTests
{
    private const string Folder = "chat-completions";

    private static readonly string[] Replayed =
    [
        "AuthFailure.json",
        "HelloWorldChat.json",
        "ParallelToolCalls.json",
        "ReasoningTokensWork.json",
        "StreamingStructuredRefusalWorks.json",
        "StructuredOutputs(WithoutSchema,Strict,FailureExpected).json",
        "test_parse_max_tokens_reached.4cc50a6135d2.sse",
        "test_parse_multiple_pydantic_tools.f82268f2fefd.sse",
    ];

    [Fact]
    public void Every_fixture_file_in_the_folder_is_replayed_by_a_test()
    {
        var files = Fixtures.FilesIn(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(Replayed.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public async Task HelloWorldChat_reads_text_ids_model_created_finish_and_usage()
    {
        var exchange = Fixtures.Exchanges($"{Folder}/HelloWorldChat.json").Single();
        var handler = new ReplayHandler(exchange);
        using var client = CreateClient(handler, "gpt-4o-mini");

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, UserText(exchange, 0))]);

        using var recorded = JsonDocument.Parse(exchange.ResponseBody);
        var root = recorded.RootElement;
        var choice = root.GetProperty("choices")[0];
        AssertCompletionIdentity(root, response);
        Assert.Equal(choice.GetProperty("message").GetProperty("content").GetString(), response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        AssertUsage(root.GetProperty("usage"), response.Usage);
        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.IsType<TextContent>(Assert.Single(message.Contents));
        Assert.IsType<ChatCompletion>(response.RawRepresentation);

        AssertSameTopLevelFields(exchange.RequestBody!.Value, handler.Sent[0].Json);
        AssertSameMessages(exchange.RequestBody!.Value, handler.Sent[0].Json);
    }

    [Fact]
    public async Task ParallelToolCalls_reads_both_calls_then_sends_results_back_as_recorded_and_reads_the_answer()
    {
        var exchanges = Fixtures.Exchanges($"{Folder}/ParallelToolCalls.json");
        var handler = new ReplayHandler(exchanges.ToArray());
        using var client = CreateClient(handler, "gpt-4o-mini");
        var recordedTool = exchanges[0].RequestBody!.Value.GetProperty("tools")[0].GetProperty("function");
        var options = new ChatOptions
        {
            Tools =
            [
                AIFunctionFactory.CreateDeclaration(
                    recordedTool.GetProperty("name").GetString()!,
                    recordedTool.GetProperty("description").GetString(),
                    recordedTool.GetProperty("parameters").Clone()),
            ],
        };
        List<ChatMessage> history = [new(ChatRole.User, UserText(exchanges[0], 0))];

        var first = await client.GetResponseAsync(history, options);

        using var firstBody = JsonDocument.Parse(exchanges[0].ResponseBody);
        var recordedCalls = firstBody.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls");
        var calls = first.Messages.Single().Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(recordedCalls.GetArrayLength(), calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            var recorded = recordedCalls[i];
            Assert.Equal(recorded.GetProperty("id").GetString(), calls[i].CallId);
            Assert.Equal(recorded.GetProperty("function").GetProperty("name").GetString(), calls[i].Name);
            using var arguments = JsonDocument.Parse(recorded.GetProperty("function").GetProperty("arguments").GetString()!);
            AssertArguments(arguments.RootElement, calls[i].Arguments);
        }

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Empty(first.Text);
        AssertUsage(firstBody.RootElement.GetProperty("usage"), first.Usage);
        AssertSameTools(exchanges[0].RequestBody!.Value, handler.Sent[0].Json);

        // The recorded second request carries the tool results in call order.
        var secondRequest = exchanges[1].RequestBody!.Value.GetProperty("messages");
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool,
        [
            new FunctionResultContent(calls[0].CallId, secondRequest[2].GetProperty("content").GetString()),
            new FunctionResultContent(calls[1].CallId, secondRequest[3].GetProperty("content").GetString()),
        ]));

        var second = await client.GetResponseAsync(history, options);

        AssertSameMessages(exchanges[1].RequestBody!.Value, handler.Sent[1].Json);
        using var secondBody = JsonDocument.Parse(exchanges[1].ResponseBody);
        AssertCompletionIdentity(secondBody.RootElement, second);
        Assert.Equal(secondBody.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), second.Text);
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        AssertUsage(secondBody.RootElement.GetProperty("usage"), second.Usage);
    }

    [Fact]
    public async Task ReasoningTokensWork_sends_reasoning_effort_and_max_completion_tokens_and_reads_reasoning_tokens()
    {
        var exchange = Fixtures.Exchanges($"{Folder}/ReasoningTokensWork.json").Single();
        var recordedRequest = exchange.RequestBody!.Value;
        var handler = new ReplayHandler(exchange);
        using var client = CreateClient(handler, recordedRequest.GetProperty("model").GetString()!);
        var options = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
            MaxOutputTokens = recordedRequest.GetProperty("max_completion_tokens").GetInt32(),
        };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, UserText(exchange, 0))], options);

        var sent = handler.Sent[0].Json;
        AssertSameTopLevelFields(recordedRequest, sent);
        Assert.Equal(recordedRequest.GetProperty("reasoning_effort").GetString(), sent.GetProperty("reasoning_effort").GetString());
        Assert.Equal(recordedRequest.GetProperty("max_completion_tokens").GetInt32(), sent.GetProperty("max_completion_tokens").GetInt32());
        using var recorded = JsonDocument.Parse(exchange.ResponseBody);
        AssertCompletionIdentity(recorded.RootElement, response);
        Assert.Equal(recorded.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        AssertUsage(recorded.RootElement.GetProperty("usage"), response.Usage);
        Assert.True(response.Usage!.ReasoningTokenCount > 0);
    }

    [Fact]
    public async Task StreamingStructuredRefusalWorks_streams_text_skips_obfuscation_and_reads_the_usage_only_chunk()
    {
        var exchange = Fixtures.Exchanges($"{Folder}/StreamingStructuredRefusalWorks.json").Single();
        var handler = new ReplayHandler(exchange);
        using var client = CreateClient(handler, exchange.RequestBody!.Value.GetProperty("model").GetString()!);

        var updates = await ToListAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, UserText(exchange, 0))]));

        var chunks = SseChunks(exchange.ResponseBody);
        var first = chunks[0];
        var expectedText = string.Concat(chunks.Where(HasChoices).Select(c => DeltaString(c, "content")));
        var response = updates.ToChatResponse();
        Assert.Equal(expectedText, response.Text);
        Assert.Equal(first.GetProperty("id").GetString(), response.ResponseId);
        Assert.Equal(first.GetProperty("model").GetString(), response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(first.GetProperty("created").GetInt64()), response.CreatedAt);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        AssertUsage(chunks.Last(c => c.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object).GetProperty("usage"), response.Usage);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Single(updates, u => u.FinishReason is not null);
        Assert.Single(updates, u => u.Contents.OfType<UsageContent>().Any());
        Assert.Equal(first.GetProperty("id").GetString(), Assert.Single(response.Messages).MessageId);

        var sent = handler.Sent[0].Json;
        AssertSameTopLevelFields(exchange.RequestBody!.Value, sent);
        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.True(sent.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task AuthFailure_throws_AuthenticationFailedException_with_status_code_message_and_request_id()
    {
        var exchange = Fixtures.Exchanges($"{Folder}/AuthFailure.json").Single();
        using var client = CreateClient(new ReplayHandler(exchange), "gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, UserText(exchange, 0))]));

        using var recorded = JsonDocument.Parse(exchange.ResponseBody);
        var error = recorded.RootElement.GetProperty("error");
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(error.GetProperty("code").GetString(), ex.ErrorCode);
        Assert.Equal(error.GetProperty("message").GetString(), ex.ProviderMessage);
        Assert.Equal(exchange.ResponseHeaders["X-Request-ID"], ex.RequestId);
        Assert.Equal(ChatDialect.ChatCompletions, ex.Dialect);
        Assert.Null(ex.RetryAfter);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain(TestGateway.Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StructuredOutputs_failure_throws_InvalidRequestException_with_the_provider_code_and_message()
    {
        var exchange = Fixtures.Exchanges($"{Folder}/StructuredOutputs(WithoutSchema,Strict,FailureExpected).json").Single();
        var recordedRequest = exchange.RequestBody!.Value;
        var handler = new ReplayHandler(exchange);
        using var client = CreateClient(handler, recordedRequest.GetProperty("model").GetString()!);
        var recordedTool = recordedRequest.GetProperty("tools")[0].GetProperty("function");
        var options = new ChatOptions
        {
            Tools = [new StrictDeclaration(recordedTool.GetProperty("name").GetString()!, recordedTool.GetProperty("description").GetString()!)],
        };
        var recordedMessages = recordedRequest.GetProperty("messages");

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System, recordedMessages[0].GetProperty("content").GetString()),
                new ChatMessage(ChatRole.User, recordedMessages[1].GetProperty("content").GetString()),
            ],
            options));

        using var recorded = JsonDocument.Parse(exchange.ResponseBody);
        var error = recorded.RootElement.GetProperty("error");
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(error.GetProperty("code").GetString(), ex.ErrorCode);
        Assert.Equal(error.GetProperty("message").GetString(), ex.ProviderMessage);
        Assert.False(ex.IsTransient);

        var sent = handler.Sent[0].Json;
        AssertSameMessages(recordedRequest, sent);
        var sentTool = sent.GetProperty("tools")[0];
        Assert.Equal("function", sentTool.GetProperty("type").GetString());
        Assert.Equal(recordedTool.GetProperty("name").GetString(), sentTool.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(recordedTool.GetProperty("description").GetString(), sentTool.GetProperty("function").GetProperty("description").GetString());
        Assert.Equal(recordedTool.GetProperty("strict").GetBoolean(), sentTool.GetProperty("function").GetProperty("strict").GetBoolean());
    }

    [Fact]
    public async Task Parallel_pydantic_tools_stream_assembles_both_calls_from_fragments()
    {
        var sse = Fixtures.ReadText($"{Folder}/test_parse_multiple_pydantic_tools.f82268f2fefd.sse");
        using var client = CreateClient(ReplayHandler.Body(sse, "text/event-stream"), "gpt-4o-2024-08-06");

        var updates = await ToListAsync(client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "What's the weather like in Edinburgh?"), new ChatMessage(ChatRole.User, "What's the price of AAPL?")]));

        var chunks = SseChunks(sse);
        var expected = ExpectedToolCalls(chunks);
        var response = updates.ToChatResponse();
        var calls = response.Messages.Single().Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(expected.Count, calls.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Id, calls[i].CallId);
            Assert.Equal(expected[i].Name, calls[i].Name);
            using var arguments = JsonDocument.Parse(expected[i].Arguments);
            AssertArguments(arguments.RootElement, calls[i].Arguments);
            Assert.Null(calls[i].Exception);
        }

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(chunks[0].GetProperty("id").GetString(), response.ResponseId);
        Assert.Equal(chunks[0].GetProperty("model").GetString(), response.ModelId);
        AssertUsage(chunks.Last().GetProperty("usage"), response.Usage);

        // The calls arrive whole, together, on the update that carries the finish reason.
        var callUpdate = Assert.Single(updates, u => u.Contents.OfType<FunctionCallContent>().Any());
        Assert.Equal(ChatFinishReason.ToolCalls, callUpdate.FinishReason);
    }

    [Fact]
    public async Task Max_tokens_reached_stream_reports_Length_with_the_partial_text_and_usage()
    {
        var sse = Fixtures.ReadText($"{Folder}/test_parse_max_tokens_reached.4cc50a6135d2.sse");
        using var client = CreateClient(ReplayHandler.Body(sse, "text/event-stream"), "gpt-4o-2024-08-06");

        var response = (await ToListAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Extract the people.")], new ChatOptions { MaxOutputTokens = 1 }))).ToChatResponse();

        var chunks = SseChunks(sse);
        Assert.Equal(string.Concat(chunks.Where(HasChoices).Select(c => DeltaString(c, "content"))), response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(chunks[0].GetProperty("id").GetString(), response.ResponseId);
        AssertUsage(chunks.Last().GetProperty("usage"), response.Usage);
    }

    internal static AiGatewayChatClient CreateClient(HttpMessageHandler handler, string model) =>
        new TestGateway().CreateClient(handler, model, dialect: ChatDialect.ChatCompletions);

    internal static async Task<List<ChatResponseUpdate>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    /// <summary>The JSON payloads of an SSE body's data lines, without [DONE].</summary>
    internal static List<JsonElement> SseChunks(string sse) =>
        sse.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal) && line != "data: [DONE]")
            .Select(line => JsonDocument.Parse(line["data: ".Length..]).RootElement)
            .ToList();

    internal static void AssertUsage(JsonElement usage, UsageDetails? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64(), actual.InputTokenCount);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt64(), actual.OutputTokenCount);
        Assert.Equal(usage.GetProperty("total_tokens").GetInt64(), actual.TotalTokenCount);
        Assert.Equal(
            usage.TryGetProperty("prompt_tokens_details", out var prompt) ? prompt.GetProperty("cached_tokens").GetInt64() : null,
            actual.CachedInputTokenCount);
        Assert.Equal(
            usage.TryGetProperty("completion_tokens_details", out var completion) ? completion.GetProperty("reasoning_tokens").GetInt64() : null,
            actual.ReasoningTokenCount);
    }

    internal static void AssertArguments(JsonElement expected, IDictionary<string, object?>? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(), actual.Keys.Order());
        foreach (var property in expected.EnumerateObject())
        {
            var value = Assert.IsType<JsonElement>(actual[property.Name]);
            Assert.True(JsonElement.DeepEquals(property.Value, value), $"Argument '{property.Name}': expected {property.Value}, got {value}.");
        }
    }

    private static void AssertCompletionIdentity(JsonElement root, ChatResponse response)
    {
        Assert.Equal(root.GetProperty("id").GetString(), response.ResponseId);
        Assert.Equal(root.GetProperty("model").GetString(), response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("created").GetInt64()), response.CreatedAt);
    }

    private static void AssertSameTopLevelFields(JsonElement recorded, JsonElement sent) =>
        Assert.Equal(recorded.EnumerateObject().Select(p => p.Name).Order(), sent.EnumerateObject().Select(p => p.Name).Order());

    /// <summary>Roles, contents, tool-call ids/names/arguments (as JSON) and tool_call_ids, message by message.</summary>
    private static void AssertSameMessages(JsonElement recorded, JsonElement sent)
    {
        var expected = recorded.GetProperty("messages");
        var actual = sent.GetProperty("messages");
        Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
        for (var i = 0; i < expected.GetArrayLength(); i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.Equal(e.GetProperty("role").GetString(), a.GetProperty("role").GetString());
            if (e.TryGetProperty("content", out var content))
            {
                Assert.True(JsonElement.DeepEquals(content, a.GetProperty("content")), $"messages[{i}].content: expected {content}, got {a.GetProperty("content")}.");
            }

            if (e.TryGetProperty("tool_call_id", out var toolCallId))
            {
                Assert.Equal(toolCallId.GetString(), a.GetProperty("tool_call_id").GetString());
            }

            if (e.TryGetProperty("tool_calls", out var calls))
            {
                var sentCalls = a.GetProperty("tool_calls");
                Assert.Equal(calls.GetArrayLength(), sentCalls.GetArrayLength());
                for (var j = 0; j < calls.GetArrayLength(); j++)
                {
                    Assert.Equal(calls[j].GetProperty("id").GetString(), sentCalls[j].GetProperty("id").GetString());
                    Assert.Equal(calls[j].GetProperty("type").GetString(), sentCalls[j].GetProperty("type").GetString());
                    var function = calls[j].GetProperty("function");
                    var sentFunction = sentCalls[j].GetProperty("function");
                    Assert.Equal(function.GetProperty("name").GetString(), sentFunction.GetProperty("name").GetString());
                    using var expectedArguments = JsonDocument.Parse(function.GetProperty("arguments").GetString()!);
                    using var sentArguments = JsonDocument.Parse(sentFunction.GetProperty("arguments").GetString()!);
                    Assert.True(JsonElement.DeepEquals(expectedArguments.RootElement, sentArguments.RootElement));
                }
            }
        }
    }

    private static void AssertSameTools(JsonElement recorded, JsonElement sent) =>
        Assert.True(JsonElement.DeepEquals(recorded.GetProperty("tools"), sent.GetProperty("tools")), $"tools: expected {recorded.GetProperty("tools")}, got {sent.GetProperty("tools")}.");

    private static string UserText(RecordedExchange exchange, int index) =>
        exchange.RequestBody!.Value.GetProperty("messages")[index].GetProperty("content").GetString()!;

    private static bool HasChoices(JsonElement chunk) => chunk.GetProperty("choices").GetArrayLength() > 0;

    private static string DeltaString(JsonElement chunk, string name) =>
        chunk.GetProperty("choices")[0].GetProperty("delta").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static List<(string Id, string Name, string Arguments)> ExpectedToolCalls(List<JsonElement> chunks)
    {
        var calls = new SortedDictionary<int, (string Id, string Name, string Arguments)>();
        foreach (var chunk in chunks.Where(HasChoices))
        {
            if (!chunk.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("tool_calls", out var toolCalls))
            {
                continue;
            }

            foreach (var call in toolCalls.EnumerateArray())
            {
                var index = call.GetProperty("index").GetInt32();
                (string Id, string Name, string Arguments) current = calls.GetValueOrDefault(index, (string.Empty, string.Empty, string.Empty));
                var function = call.GetProperty("function");
                calls[index] = (
                    call.TryGetProperty("id", out var id) ? id.GetString()! : current.Id,
                    function.TryGetProperty("name", out var name) ? name.GetString()! : current.Name,
                    current.Arguments + function.GetProperty("arguments").GetString());
            }
        }

        return calls.Values.ToList();
    }

    /// <summary>A declaration with no parameters that asks for strict mode, like the recorded request.</summary>
    private sealed class StrictDeclaration(string name, string description) : AIFunctionDeclaration
    {
        public override string Name => name;

        public override string Description => description;

        public override IReadOnlyDictionary<string, object?> AdditionalProperties { get; } =
            new Dictionary<string, object?> { [StrictJsonSchema.Key] = true };
    }
}
