using System.Text.Json;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects.Responses;

/// <summary>Multi-turn tool loops over Responses: what goes back to the (stateless) gateway on the next turn.</summary>
public class ResponsesToolLoopTests
{
    private static readonly AIFunctionDeclaration WeatherTool = AIFunctionFactory.CreateDeclaration(
        "get_weather", "Gets the weather", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tool_loop_sends_the_call_and_its_result_back_and_gets_the_answer(bool streaming)
    {
        var fake = new FakeGateway().Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}""", "call_7")),
            FakeReply.WithText("It is sunny in Paris."));
        using var client = new TestGateway().CreateClient(fake, "gpt-5-mini", ChatDialect.Responses);
        var options = new ChatOptions { Tools = [WeatherTool] };
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Paris?")];

        var first = await GetAsync(client, history, options, streaming);
        var call = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "sunny, 21C")]));
        var answer = await GetAsync(client, history, options, streaming);

        Assert.Equal("It is sunny in Paris.", answer.Text);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
        var sent = fake.Requests[1].Json!.Value;
        Assert.False(sent.GetProperty("store").GetBoolean());
        Assert.False(sent.TryGetProperty("previous_response_id", out _));
        var input = sent.GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(["message", "function_call", "function_call_output"], input.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("call_7", input[1].GetProperty("call_id").GetString());
        Assert.Equal("get_weather", input[1].GetProperty("name").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(input[1].GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        Assert.Equal("call_7", input[2].GetProperty("call_id").GetString());
        Assert.Equal("sunny, 21C", input[2].GetProperty("output").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reasoning_round_trip_sends_the_reasoning_item_back_before_its_call(bool streaming)
    {
        var fake = new FakeGateway().Enqueue(
            new FakeReply { Reasoning = "The user wants the weather; call the tool.", ToolCalls = [new FakeToolCall("get_weather", """{"city":"Oslo"}""", "call_1")] },
            FakeReply.WithText("Cold."));
        using var client = new TestGateway().CreateClient(fake, "gpt-5-mini", ChatDialect.Responses);
        var options = new ChatOptions { Tools = [WeatherTool], Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium, Output = ReasoningOutput.Summary } };
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Oslo?")];

        var first = await GetAsync(client, history, options, streaming);
        var reasoning = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>());
        var call = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "-3C")]));
        await GetAsync(client, history, options, streaming);

        var firstSent = fake.Requests[0].Json!.Value;
        Assert.Equal(["reasoning.encrypted_content"], firstSent.GetProperty("include").EnumerateArray().Select(e => e.GetString()));
        var sent = fake.Requests[1].Json!.Value;
        Assert.Equal(["reasoning.encrypted_content"], sent.GetProperty("include").EnumerateArray().Select(e => e.GetString()));
        var input = sent.GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(["message", "reasoning", "function_call", "function_call_output"], input.Select(i => i.GetProperty("type").GetString()));
        var item = input[1];
        Assert.StartsWith("rs_fake_", item.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(reasoning.ProtectedData, item.GetProperty("encrypted_content").GetString());
        Assert.Equal("The user wants the weather; call the tool.", item.GetProperty("summary")[0].GetProperty("text").GetString());
    }

    private static async Task<ChatResponse> GetAsync(IChatClient client, List<ChatMessage> history, ChatOptions options, bool streaming) =>
        streaming
            ? (await client.GetStreamingResponseAsync(history, options).ToListAsync()).ToChatResponse()
            : await client.GetResponseAsync(history, options);
}
