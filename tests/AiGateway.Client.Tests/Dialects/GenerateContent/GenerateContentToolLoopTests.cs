using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.GenerateContent.GeminiTestSupport;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>Whole tool loops (call → result → answer) through FakeGateway and the real leaf client.</summary>
public sealed class GenerateContentToolLoopTests
{
    private static readonly AIFunction Weather = AIFunctionFactory.Create((string city) => $"sunny in {city}", "get_weather", "Gets the weather.");
    private static readonly AIFunction Time = AIFunctionFactory.Create((string city) => $"noon in {city}", "get_time", "Gets the local time.");

    private static JsonElement Parts(FakeRequest request, int content) => request.Json!.Value.GetProperty("contents")[content].GetProperty("parts");

    private static async Task<ChatResponse> AskAsync(IChatClient client, List<ChatMessage> history, ChatOptions options, bool stream) =>
        stream
            ? (await CollectAsync(client.GetStreamingResponseAsync(history, options))).ToChatResponse()
            : await client.GetResponseAsync(history, options);

    /// <summary>Runs the calls of <paramref name="response"/> and appends the answer and one tool message to the history.</summary>
    private static async Task RunToolsAsync(ChatResponse response, List<ChatMessage> history)
    {
        history.AddRange(response.Messages);
        var results = new List<AIContent>();
        foreach (var call in AllContents(response).OfType<FunctionCallContent>())
        {
            var function = call.Name == Weather.Name ? Weather : Time;
            results.Add(new FunctionResultContent(call.CallId, await function.InvokeAsync(new AIFunctionArguments(call.Arguments))));
        }

        history.Add(new ChatMessage(ChatRole.Tool, results));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_full_tool_loop_sends_the_call_and_its_named_result_back_and_reads_the_answer(bool stream)
    {
        var fake = new FakeGateway().Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}""")),
            FakeReply.WithText("It is sunny in Paris."));
        using var client = GeminiClient(fake, "gemini-3-flash-preview");
        var options = new ChatOptions { Tools = [Weather] };
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Paris?")];

        var first = await AskAsync(client, history, options, stream);
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var signature = Assert.IsType<string>(Single<FunctionCallContent>(first).AdditionalProperties?["thoughtSignature"]);
        await RunToolsAsync(first, history);
        var answer = await AskAsync(client, history, options, stream);

        Assert.Equal("It is sunny in Paris.", answer.Text);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
        var second = fake.Requests[1];
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$$"""[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"{{{signature}}}"}]"""),
            JsonNode.Parse(Parts(second, 1).GetRawText())));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"functionResponse":{"name":"get_weather","response":{"output":"sunny in Paris"}}}]"""),
            JsonNode.Parse(Parts(second, 2).GetRawText())));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Parallel_calls_arrive_with_distinct_ids_and_their_results_go_back_in_one_turn(bool stream)
    {
        var fake = new FakeGateway().Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}"""), new FakeToolCall("get_time", """{"city":"Oslo"}""")),
            FakeReply.WithText("Sunny in Paris; noon in Oslo."));
        using var client = GeminiClient(fake, "gemini-3-pro-preview");
        var options = new ChatOptions { Tools = [Weather, Time] };
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Paris and time in Oslo?")];

        var first = await AskAsync(client, history, options, stream);

        var calls = AllContents(first).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.Name));
        Assert.Equal(["Paris", "Oslo"], calls.Select(c => c.Arguments!["city"]!.ToString()));
        Assert.Equal(2, calls.Select(c => c.CallId).Distinct().Count());
        var signature = Assert.IsType<string>(calls[0].AdditionalProperties?["thoughtSignature"]);
        Assert.Null(calls[1].AdditionalProperties);
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);

        await RunToolsAsync(first, history);
        var answer = await AskAsync(client, history, options, stream);

        Assert.Equal("Sunny in Paris; noon in Oslo.", answer.Text);
        var model = Parts(fake.Requests[1], 1);
        Assert.Equal(signature, model[0].GetProperty("thoughtSignature").GetString());
        Assert.False(model[1].TryGetProperty("thoughtSignature", out _));
        var results = Parts(fake.Requests[1], 2);
        Assert.Equal(["get_weather", "get_time"], results.EnumerateArray().Select(p => p.GetProperty("functionResponse").GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reasoning_and_signatures_make_the_round_trip_in_a_tool_loop(bool stream)
    {
        var fake = new FakeGateway().Enqueue(
            new FakeReply { Reasoning = "I need the weather first.", ToolCalls = [new FakeToolCall("get_weather", """{"city":"Rome"}""")] },
            FakeReply.WithText("Sunny in Rome."));
        using var client = GeminiClient(fake, "gemini-3-flash-preview");
        var options = new ChatOptions { Tools = [Weather], Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High, Output = ReasoningOutput.Summary } };
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Rome?")];

        var first = await AskAsync(client, history, options, stream);
        Assert.Equal("I need the weather first.", Single<TextReasoningContent>(first).Text);
        var signature = Assert.IsType<string>(Single<FunctionCallContent>(first).AdditionalProperties?["thoughtSignature"]);
        Assert.True(first.Usage?.ReasoningTokenCount > 0);
        await RunToolsAsync(first, history);
        await AskAsync(client, history, options, stream);

        var request = fake.Requests[1].Json!.Value;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$$"""
                [{"text":"I need the weather first.","thought":true},
                 {"functionCall":{"name":"get_weather","args":{"city":"Rome"}},"thoughtSignature":"{{{signature}}}"}]
                """),
            JsonNode.Parse(Parts(fake.Requests[1], 1).GetRawText())));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"includeThoughts":true,"thinkingLevel":"high"}"""),
            JsonNode.Parse(request.GetProperty("generationConfig").GetProperty("thinkingConfig").GetRawText())));
    }
}
