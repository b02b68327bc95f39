using System.Net;
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects.Messages;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesTestData;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>
/// Replays every recorded transcript in Fixtures/messages through the real leaf client: the request our writer
/// produces is checked against the recorded one where the file has it, and the whole result against the recorded answer.
/// </summary>
public sealed class MessagesFixtureReplayTests
{
    private const string StructuredStream = "messages/test_beta_messages.TestAsyncMessages.9381e2b7-7fa1-46f7-9f78-46dc8431ea9d.json";
    private const string StreamedToolLoop = "messages/test_runners.TestSyncRunTools.555fb399-a54c-455b-9ac5-2c9673f18e12.json";
    private const string ToolLoop = "messages/test_runners.TestSyncRunTools.b38bbf6c-9a76-40ca-b09d-7a3911776e0f.json";
    private const string ToolLoopRejected = "messages/test_runners.TestSyncRunTools.f59a9391-643b-422c-96dc-1f28bc7ea4d7.json";
    private const string RateLimitedParse = "messages/test_messages.TestAsyncParse.d743d628-16aa-4c9f-ae78-51deb578f746.json";
    private const string ThinkingToolChain = "messages/test_fixed_version_tool_chain_with_thinking_display_regression.extracted.json";
    private const string PrefillStop = "messages/test_prompt_with_prefill_and_stop_sequences.extracted.json";
    private const string OpusReasoning = "messages/anthropic-claude-opus-5-reasoning-high.1.json";
    private const string CodeExecutionCache = "messages/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt";

    private static readonly string[] Covered =
        [StructuredStream, StreamedToolLoop, ToolLoop, ToolLoopRejected, RateLimitedParse, ThinkingToolChain, PrefillStop, OpusReasoning, CodeExecutionCache];

    [Fact]
    public void EveryFixtureFileHasAReplayTest()
    {
        var files = Fixtures.FilesIn(Folder).Select(f => f.Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(files, Covered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task StructuredOutputStream_SendsOutputConfigFormat_AndReadsTheStreamedJson()
    {
        var exchanges = Fixtures.Exchanges(StructuredStream);
        var recorded = exchanges[0].RequestBody!.Value;
        var handler = new ReplayHandler([.. exchanges]);
        using var client = CreateClient(handler, "claude-sonnet-4-5");
        var schema = recorded.GetProperty("output_config").GetProperty("format").GetProperty("schema");

        var updates = await CollectAsync(client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, recorded.GetProperty("messages")[0].GetProperty("content").GetString())],
            new ChatOptions { MaxOutputTokens = 1024, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema) }));

        var sent = handler.Sent[0].Json;
        Assert.Equal("claude-sonnet-4-5", sent.GetProperty("model").GetString());
        Assert.Equal(1024, sent.GetProperty("max_tokens").GetInt32());
        Assert.True(sent.GetProperty("stream").GetBoolean());
        AssertJsonEqual(recorded.GetProperty("messages"), sent.GetProperty("messages"));
        AssertJsonEqual(recorded.GetProperty("output_config"), sent.GetProperty("output_config"));

        var response = updates.ToChatResponse();
        Assert.Equal("[12345,67890]", response.Text);
        Assert.Equal("msg_01LtFpmR8SbmiK2kRA5sWXNi", response.ResponseId);
        Assert.Equal("claude-sonnet-4-5-20250929", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Equal(["[", "12", "345,", "67890]"], updates.SelectMany(u => u.Contents.OfType<TextContent>()).Select(t => t.Text));
        AssertUsage(response.Usage, input: 135, output: 10, cached: 0);
        Assert.Null(response.Usage!.ReasoningTokenCount);
        Assert.Equal([12345, 67890], JsonSerializer.Deserialize<int[]>(response.Text)!);
    }

    [Fact]
    public async Task StreamedToolLoop_AssemblesInputJsonDeltas_AndSendsTheToolResultBack()
    {
        var exchanges = Fixtures.Exchanges(StreamedToolLoop);
        var handler = new ReplayHandler([.. exchanges]);
        using var client = CreateClient(handler, "claude-haiku-4-5");
        var first = exchanges[0].RequestBody!.Value;
        var options = new ChatOptions { MaxOutputTokens = 1024, Tools = [WeatherTool(first)] };
        List<ChatMessage> history = [new(ChatRole.User, "What is the weather in SF?")];

        var firstUpdates = await CollectAsync(client.GetStreamingResponseAsync(history, options));
        var firstResponse = firstUpdates.ToChatResponse();

        AssertJsonEqual(first, handler.Sent[0].Json);
        var call = Assert.Single(firstResponse.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("toolu_018acGYLtfR52q9yDbWaEdQZ", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("San Francisco, CA", call.Arguments!["location"]?.ToString());
        Assert.Equal("f", call.Arguments!["units"]?.ToString());
        Assert.Equal(2, call.Arguments.Count);
        Assert.Equal(ChatFinishReason.ToolCalls, firstResponse.FinishReason);
        Assert.Equal("msg_01AusY9WEbCaj3N7Tv5J4YjH", firstResponse.ResponseId);
        Assert.Equal("claude-haiku-4-5-20251001", firstResponse.ModelId);
        AssertUsage(firstResponse.Usage, input: 656, output: 74, cached: 0);

        var second = exchanges[1].RequestBody!.Value;
        var toolResult = second.GetProperty("messages")[2].GetProperty("content")[0].GetProperty("content").GetString();
        history.AddRange(firstResponse.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, toolResult)]));
        var secondResponse = (await CollectAsync(client.GetStreamingResponseAsync(history, options))).ToChatResponse();

        var sent = handler.Sent[1].Json;
        AssertToolTurnsMatch(second, sent);
        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.Equal(
            "The weather in San Francisco, CA is currently:\n- **Temperature:** 68°F\n- **Condition:** Sunny\n\nIt's a nice sunny day!",
            secondResponse.Text);
        Assert.Equal(ChatFinishReason.Stop, secondResponse.FinishReason);
        Assert.Equal("msg_016HxyUMAncysqX7dn1kWNRx", secondResponse.ResponseId);
        AssertUsage(secondResponse.Usage, input: 770, output: 38, cached: 0);
    }

    [Fact]
    public async Task ToolLoop_NonStreaming_ParsesToolUseInput_AndAnswers()
    {
        var exchanges = Fixtures.Exchanges(ToolLoop);
        var handler = new ReplayHandler([.. exchanges]);
        using var client = CreateClient(handler, "claude-haiku-4-5");
        var first = exchanges[0].RequestBody!.Value;
        var options = new ChatOptions { MaxOutputTokens = 1024, Tools = [WeatherTool(first)] };
        List<ChatMessage> history = [new(ChatRole.User, "What is the weather in SF?")];

        var firstResponse = await client.GetResponseAsync(history, options);

        AssertJsonEqual(first, handler.Sent[0].Json);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(Assert.Single(firstResponse.Messages).Contents));
        Assert.Equal("toolu_011bpynHqFZ9P4u5rSaXsTJQ", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("San Francisco, CA", call.Arguments!["location"]?.ToString());
        Assert.Equal("f", call.Arguments!["units"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, firstResponse.FinishReason);
        Assert.Equal("msg_018yE33RyaCdsMnr8kGYUQ5Y", firstResponse.ResponseId);
        Assert.Equal("claude-haiku-4-5-20251001", firstResponse.ModelId);
        Assert.Equal("msg_018yE33RyaCdsMnr8kGYUQ5Y", firstResponse.Messages[0].MessageId);
        Assert.IsType<MessagesResponse>(firstResponse.RawRepresentation);
        AssertUsage(firstResponse.Usage, input: 656, output: 74, cached: 0);

        var second = exchanges[1].RequestBody!.Value;
        var toolResult = second.GetProperty("messages")[2].GetProperty("content")[0].GetProperty("content").GetString();
        history.AddRange(firstResponse.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, toolResult)]));
        var secondResponse = await client.GetResponseAsync(history, options);

        AssertToolTurnsMatch(second, handler.Sent[1].Json);
        Assert.False(handler.Sent[1].Json.TryGetProperty("stream", out _));
        Assert.Equal("The weather in San Francisco, CA is currently **Sunny** with a temperature of **68°F**.", secondResponse.Text);
        Assert.Equal(ChatFinishReason.Stop, secondResponse.FinishReason);
        Assert.Equal("msg_01BZsMQjer9AFLgmdRKJ8NcA", secondResponse.ResponseId);
        AssertUsage(secondResponse.Usage, input: 770, output: 25, cached: 0);
    }

    [Fact]
    public async Task ToolResultWithoutItsToolUse_BecomesInvalidRequestException_WithTheProviderFields()
    {
        var exchanges = Fixtures.Exchanges(ToolLoopRejected);
        var handler = new ReplayHandler([.. exchanges]);
        using var client = CreateClient(handler, "claude-haiku-4-5");
        var options = new ChatOptions { MaxOutputTokens = 1024, Tools = [WeatherTool(exchanges[0].RequestBody!.Value)] };

        var first = await client.GetResponseAsync("What's the weather in SF in Celsius?", options);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(first.Messages[0].Contents));
        Assert.Equal("toolu_01GHndag5wQmbzNihYmV2UBj", call.CallId);
        Assert.Equal("c", call.Arguments!["units"]?.ToString());
        AssertUsage(first.Usage, input: 659, output: 74, cached: 0);

        // As recorded, the second call drops the assistant turn, which the API rejects.
        var recordedResult = exchanges[1].RequestBody!.Value.GetProperty("messages")[1].GetProperty("content")[0];
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync(
            [
                new ChatMessage(ChatRole.User, "What's the weather in SF in Celsius?"),
                new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, recordedResult.GetProperty("content").GetString())]),
            ],
            options));

        var sentResult = handler.Sent[1].Json.GetProperty("messages")[0].GetProperty("content")[0];
        Assert.Equal("tool_result", sentResult.GetProperty("type").GetString());
        Assert.Equal(call.CallId, sentResult.GetProperty("tool_use_id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("invalid_request_error", ex.ErrorCode);
        Assert.StartsWith("messages.0.content.1: unexpected `tool_use_id` found in `tool_result` blocks", ex.ProviderMessage, StringComparison.Ordinal);
        Assert.Equal("req_011CYHyk9NPsBYeGbC9LuDNK", ex.RequestId);
        Assert.Null(ex.RetryAfter);
        Assert.False(ex.IsTransient);
        Assert.Equal(ChatDialect.Messages, ex.Dialect);
    }

    [Fact]
    public async Task RateLimitedTwice_EachMapsToRateLimitExceeded_ThenTheStructuredAnswerParses()
    {
        var exchanges = Fixtures.Exchanges(RateLimitedParse);
        var handler = new ReplayHandler([.. exchanges]);
        using var client = CreateClient(handler, "claude-sonnet-4-5");
        var recorded = exchanges[0].RequestBody!.Value;
        var options = new ChatOptions
        {
            MaxOutputTokens = 1024,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(recorded.GetProperty("output_config").GetProperty("format").GetProperty("schema")),
        };
        var prompt = recorded.GetProperty("messages")[0].GetProperty("content").GetString()!;

        string[] requestIds = ["req_011CYK5mje9HkutJtmfPzzNC", "req_011CYK5mnscLpxFuMxiDHt26"];
        foreach (var requestId in requestIds)
        {
            var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync(prompt, options));
            Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
            Assert.Equal("rate_limit_error", ex.ErrorCode);
            Assert.StartsWith("This request would exceed your organization's rate limit of 20,000,000 prompt bytes per hour", ex.ProviderMessage, StringComparison.Ordinal);
            Assert.Equal(requestId, ex.RequestId);
            Assert.Null(ex.RetryAfter);
            Assert.True(ex.IsTransient);
        }

        var response = await client.GetResponseAsync(prompt, options);

        foreach (var sent in handler.Sent)
        {
            AssertJsonEqual(recorded, sent.Json);
        }

        Assert.Equal(
            """{"items":[{"product_name":"Green Tea","price":5.50,"quantity":2},{"product_name":"Coffee","price":3.00,"quantity":1}],"total":14.0}""",
            response.Text);
        Assert.Equal(14.0, Parse(response.Text).GetProperty("total").GetDouble());
        Assert.Equal("msg_01Q1NNiF8NA8EywFhxTmFbeP", response.ResponseId);
        Assert.Equal("claude-sonnet-4-5-20250929", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        AssertUsage(response.Usage, input: 406, output: 50, cached: 0);
    }

    [Fact]
    public async Task ThinkingToolChain_ReadsThinkingWithSignature_AndSendsItBackWithTheToolResult()
    {
        var exchanges = Fixtures.Exchanges(ThinkingToolChain);
        var handler = new ReplayHandler([.. exchanges]);
        using var client = CreateClient(handler, "claude-haiku-4-5-20251001");
        var first = exchanges[0].RequestBody!.Value;
        var tool = first.GetProperty("tools")[0];
        var options = new ChatOptions
        {
            MaxOutputTokens = 64000,
            Temperature = 1.0f,
            Tools = [AIFunctionFactory.CreateDeclaration(tool.GetProperty("name").GetString()!, tool.GetProperty("description").GetString(), tool.GetProperty("input_schema"))],
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low, Output = ReasoningOutput.Summary },
        };
        var prompt = first.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString()!;
        List<ChatMessage> history = [new(ChatRole.User, prompt)];

        var firstResponse = (await CollectAsync(client.GetStreamingResponseAsync(history, options))).ToChatResponse();

        var sent = handler.Sent[0].Json;
        AssertSameModel(client, first, sent);
        foreach (var field in (string[])["max_tokens", "temperature", "tools", "thinking", "stream"])
        {
            AssertJsonEqual(first.GetProperty(field), sent.GetProperty(field));
        }

        // The recorder sent the prompt as one text block; a lone text is sent as the equivalent string.
        Assert.Equal(prompt, sent.GetProperty("messages")[0].GetProperty("content").GetString());

        var contents = Assert.Single(firstResponse.Messages).Contents;
        Assert.Equal(2, contents.Count);
        var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal(
            "The user wants me to:\n1. Use the fixed_version tool\n2. Tell them the version\n3. Make a short joke about it\n\nLet me first call the fixed_version tool to see what version it returns.",
            reasoning.Text);
        Assert.StartsWith("EoQDCm0IDhgCKkCDzGs2kL2PgnDCZU", reasoning.ProtectedData, StringComparison.Ordinal);
        Assert.EndsWith("VGhhANWRjSBwUxgB", reasoning.ProtectedData, StringComparison.Ordinal);
        var call = Assert.IsType<FunctionCallContent>(contents[1]);
        Assert.Equal("toolu_01825dXWLSoJwCst1qTsiWdb", call.CallId);
        Assert.Equal("fixed_version", call.Name);
        Assert.Empty(call.Arguments!);
        Assert.Equal(ChatFinishReason.ToolCalls, firstResponse.FinishReason);
        Assert.Equal("msg_01JdU4xqNHXL9QCFWkwCDKGr", firstResponse.ResponseId);
        AssertUsage(firstResponse.Usage, input: 598, output: 92, cached: 0);
        Assert.Equal(53, firstResponse.Usage!.ReasoningTokenCount);

        var second = exchanges[1].RequestBody!.Value;
        var recordedResult = second.GetProperty("messages")[2].GetProperty("content")[0].GetProperty("content").GetString();
        history.AddRange(firstResponse.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, recordedResult)]));
        var secondResponse = (await CollectAsync(client.GetStreamingResponseAsync(history, options))).ToChatResponse();

        var sentSecond = handler.Sent[1].Json;
        AssertJsonEqual(second.GetProperty("messages")[1], sentSecond.GetProperty("messages")[1]);
        AssertJsonEqual(second.GetProperty("messages")[2], sentSecond.GetProperty("messages")[2]);
        AssertJsonEqual(second.GetProperty("thinking"), sentSecond.GetProperty("thinking"));
        Assert.Equal(
            "The version is **0.32a0**.\n\nHere's a joke about it: \n\nLooks like this version is still in alpha testing... I guess you could say it's going through a \"0.32a good time\" before becoming stable! 😄\n\n(It's at version 0.32a, which means it's far from 1.0, so plenty of room to grow!)",
            secondResponse.Text);
        Assert.Equal(ChatFinishReason.Stop, secondResponse.FinishReason);
        Assert.Equal("msg_01Qb3MMmP6RUjBckfsEVddrQ", secondResponse.ResponseId);
        AssertUsage(secondResponse.Usage, input: 707, output: 89, cached: 0);
        Assert.Equal(0, secondResponse.Usage!.ReasoningTokenCount);
    }

    [Fact]
    public async Task PrefillWithStopSequence_SendsTheAssistantPrefill_AndKeepsTheStopSequence()
    {
        var exchanges = Fixtures.Exchanges(PrefillStop);
        var handler = new ReplayHandler([.. exchanges]);
        using var client = CreateClient(handler, "claude-haiku-4-5-20251001");
        var recorded = exchanges[0].RequestBody!.Value;

        var updates = await CollectAsync(client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "Very short function describing a pelican"), new ChatMessage(ChatRole.Assistant, "```python")],
            new ChatOptions { MaxOutputTokens = 8192, StopSequences = ["```"], Temperature = 1.0f }));

        var sent = handler.Sent[0].Json;
        AssertSameModel(client, recorded, sent);
        foreach (var field in (string[])["max_tokens", "stop_sequences", "temperature", "stream"])
        {
            AssertJsonEqual(recorded.GetProperty(field), sent.GetProperty(field));
        }

        var roles = sent.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString());
        Assert.Equal(["user", "assistant"], roles);
        Assert.Equal("```python", sent.GetProperty("messages")[1].GetProperty("content").GetString());

        var response = updates.ToChatResponse();
        Assert.Equal("\ndef pelican():\n    return \"A large waterbird with a long bill and a throat pouch for catching fish.\"\n", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("stop_sequence", response.AdditionalProperties![MessagesResponseMapper.StopReasonKey]);
        Assert.Equal("```", response.AdditionalProperties![MessagesResponseMapper.StopSequenceKey]);
        Assert.Equal("msg_01KozUDYHvRtgs3NLgG7jzN9", response.ResponseId);
        Assert.Equal("claude-haiku-4-5-20251001", response.ModelId);
        AssertUsage(response.Usage, input: 16, output: 28, cached: 0);
    }

    [Fact]
    public async Task OpusReasoningHigh_ReadsThinkingAndText_AndAsksForAdaptiveThinking()
    {
        var body = Fixtures.ReadText(OpusReasoning);
        var handler = Json(body);
        using var client = CreateClient(handler, "claude-opus-5");

        var response = await client.GetResponseAsync(
            "Find all roots of x^3 - 6x^2 + 11x - 6 and prove it.",
            new ChatOptions { MaxOutputTokens = 16000, Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } });

        var sent = handler.Sent[0].Json;
        Assert.Equal("adaptive", sent.GetProperty("thinking").GetProperty("type").GetString());
        Assert.Equal("high", sent.GetProperty("output_config").GetProperty("effort").GetString());

        var recorded = Parse(body).GetProperty("content");
        var contents = Assert.Single(response.Messages).Contents;
        Assert.Equal(2, contents.Count);
        var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal(recorded[0].GetProperty("thinking").GetString(), reasoning.Text);
        Assert.Equal(recorded[0].GetProperty("signature").GetString(), reasoning.ProtectedData);
        Assert.Null(reasoning.AdditionalProperties);
        var text = Assert.IsType<TextContent>(contents[1]);
        Assert.Equal(recorded[1].GetProperty("text").GetString(), text.Text);
        Assert.StartsWith("## Step 1: Set up the problem", response.Text, StringComparison.Ordinal);
        Assert.Equal("msg_011CdMNhurHSJCxCC2NB7WYc", response.ResponseId);
        Assert.Equal("claude-opus-5", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        AssertUsage(response.Usage, input: 51, output: 1699, cached: 0);
        Assert.Equal(139, response.Usage!.ReasoningTokenCount);
        Assert.Null(response.Usage.AdditionalCounts);
    }

    [Fact]
    public async Task CodeExecutionWithPromptCache_IgnoresServerToolBlocks_AndCountsCacheReadsAndWrites()
    {
        var handler = Sse(Fixtures.ChunksAsSse(CodeExecutionCache));
        using var client = CreateClient(handler, "claude-sonnet-5");

        var updates = await CollectAsync(client.GetStreamingResponseAsync("What is the sum of the squares of 1 to 12? Use code."));
        var response = updates.ToChatResponse();

        var contents = Assert.Single(response.Messages).Contents;
        Assert.Equal("The sum of the squares of the numbers 1 through 12 is **650**.", response.Text);
        Assert.DoesNotContain(contents, c => c is FunctionCallContent);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("msg_011CdYfpjpVtBoXyXCQD1tQP", response.ResponseId);
        Assert.Equal("claude-sonnet-5", response.ModelId);

        // message_delta usage is cumulative and replaces message_start's: input 6 + cache read 6289 + cache write 3337.
        AssertUsage(response.Usage, input: 6 + 6289 + 3337, output: 198, cached: 6289);
        Assert.Equal(0, response.Usage!.ReasoningTokenCount);
        Assert.Equal(3337, response.Usage.AdditionalCounts![CostCalculator.CacheCreationInputTokensKey]);
    }

    [Fact]
    public async Task CodeExecutionWithPromptCache_IsPricedWithCacheReadAndWriteRates()
    {
        var handler = Sse(Fixtures.ChunksAsSse(CodeExecutionCache));
        var model = new CatalogModel("anthropic/claude-sonnet-5") { Pricing = new ModelPricing(3m, 15m, CachedInputPerMillion: 0.3m, CacheWritePerMillion: 3.75m) };
        using var client = new AiGatewayChatClient(
            new AiGatewayOptions { DefaultModel = model.Id, PreferredDialect = ChatDialect.Messages, Catalog = new ModelCatalog([model]), Environment = EnvironmentSource.FromDictionary([]) },
            GatewayEnvironment.FromProfiles(new TestGateway()),
            new HttpClient(handler));

        var response = (await CollectAsync(client.GetStreamingResponseAsync("sum of squares"))).ToChatResponse();

        var expected = ((6 * 3m) + (6289 * 0.3m) + (3337 * 3.75m) + (198 * 15m)) / 1_000_000m;
        var cost = response.Messages.Select(m => m.AdditionalProperties).Append(response.AdditionalProperties)
            .Select(p => p?.TryGetValue(AiGatewayPropertyKeys.CostUsd, out var value) == true ? value : null)
            .Single(v => v is not null);
        Assert.Equal(expected, cost);
    }

    private static AIFunctionDeclaration WeatherTool(JsonElement request)
    {
        var tool = request.GetProperty("tools")[0];
        return AIFunctionFactory.CreateDeclaration(tool.GetProperty("name").GetString()!, tool.GetProperty("description").GetString(), tool.GetProperty("input_schema"));
    }

    /// <summary>The assistant tool_use turn and the user tool_result turn match the recording (the SDK's extra <c>caller</c> field aside).</summary>
    private static void AssertToolTurnsMatch(JsonElement recorded, JsonElement sent)
    {
        foreach (var field in (string[])["model", "max_tokens", "tools"])
        {
            AssertJsonEqual(recorded.GetProperty(field), sent.GetProperty(field));
        }

        var recordedMessages = recorded.GetProperty("messages");
        var sentMessages = sent.GetProperty("messages");
        Assert.Equal(recordedMessages.GetArrayLength(), sentMessages.GetArrayLength());
        AssertJsonEqual(recordedMessages[0], sentMessages[0]);
        Assert.Equal("assistant", sentMessages[1].GetProperty("role").GetString());
        var recordedUse = recordedMessages[1].GetProperty("content")[0];
        var sentUse = Assert.Single(sentMessages[1].GetProperty("content").EnumerateArray());
        foreach (var field in (string[])["type", "id", "name", "input"])
        {
            AssertJsonEqual(recordedUse.GetProperty(field), sentUse.GetProperty(field));
        }

        AssertJsonEqual(recordedMessages[2], sentMessages[2]);
    }

    /// <summary>
    /// The request names the route's wire model, which is the catalog model the recording asked for. (The recording
    /// may name a dated snapshot where the catalog sends the gateway's listed id for the same model.)
    /// </summary>
    private static void AssertSameModel(AiGatewayChatClient client, JsonElement recorded, JsonElement sent)
    {
        var model = sent.GetProperty("model").GetString()!;
        Assert.Equal(client.Route(null).WireModelId, model);
        Assert.Equal(client.Catalog.Resolve(recorded.GetProperty("model").GetString()!).Id, client.Route(null).Model.Id);
    }

    private static void AssertUsage(UsageDetails? usage, long input, long output, long cached)
    {
        Assert.NotNull(usage);
        Assert.Equal(input, usage.InputTokenCount);
        Assert.Equal(output, usage.OutputTokenCount);
        Assert.Equal(input + output, usage.TotalTokenCount);
        Assert.Equal(cached, usage.CachedInputTokenCount);
    }
}
