using AiGateway.Client.Testing;
using AiGateway.Client.Tests.EndToEnd;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.EndToEnd.GatewaySetups;

namespace AiGateway.Client.Tests.DependencyInjection;

/// <summary>
/// Microsoft.Extensions.AI's <c>UseFunctionInvocation()</c> chained on <c>AddAiGateway()</c>: a two-step tool loop (the
/// model asks for a tool, the function runs, its result goes back, the model answers) in each of the four dialects,
/// whole and streamed, through the DI pipeline to FakeGateway.
/// </summary>
public sealed class FunctionInvocationPipelineTests
{
    public static TheoryData<string, ChatDialect, bool> Loops()
    {
        var data = new TheoryData<string, ChatDialect, bool>();
        foreach (var streaming in new[] { false, true })
        {
            data.Add("openai/gpt-4o-mini", ChatDialect.ChatCompletions, streaming);
            data.Add("openai/gpt-5.4", ChatDialect.Responses, streaming);
            data.Add("anthropic/claude-sonnet-4.5", ChatDialect.Messages, streaming);
            data.Add("google/gemini-2.5-flash", ChatDialect.GenerateContent, streaming);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task A_tool_loop_runs_the_function_and_sends_its_result_back(string model, ChatDialect dialect, bool streaming)
    {
        var calls = new List<string>();
        var weather = AIFunctionFactory.Create((string city) => { calls.Add(city); return $"Sunny, 24 degrees in {city}"; }, "get_weather", "Gets the weather for a city.");
        using var pipeline = DiPipeline.Create(NeonCurrent.Environment, builder => builder.UseFunctionInvocation());
        pipeline.Fake.Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}""")),
            FakeReply.WithText("It is sunny in Paris."));
        var options = new ChatOptions { ModelId = model, Tools = [weather] }.WithDialect(dialect);

        var text = streaming
            ? (await pipeline.Client.GetStreamingResponseAsync("Weather in Paris?", options).ToListAsync()).ToChatResponse().Text
            : (await pipeline.Client.GetResponseAsync("Weather in Paris?", options)).Text;

        Assert.Equal("It is sunny in Paris.", text);
        Assert.Equal(["Paris"], calls);
        Assert.Equal(2, pipeline.Fake.Requests.Count);
        Assert.All(pipeline.Fake.Requests, r => Assert.Equal(dialect, r.Dialect));
        Assert.Contains("Sunny, 24 degrees in Paris", pipeline.Fake.Requests[1].Body, StringComparison.Ordinal);
    }
}
