using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.GenerateContent.GeminiTestSupport;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>ReasoningOptions → thinkingConfig, per model generation (GenerateContentThinking).</summary>
public sealed class GenerateContentThinkingTests
{
    private const string OkBody = """{"candidates":[{"content":{"parts":[{"text":"ok"}]},"finishReason":"STOP"}]}""";

    public static TheoryData<string, ReasoningEffort?, ReasoningOutput?, string?> Cases => new()
    {
        // Gemini 2.5: thinkingBudget (Flash can switch off; Pro's minimum is 128 and maximum 32768).
        { "gemini-2.5-flash", ReasoningEffort.Low, null, """{"thinkingBudget":1024}""" },
        { "gemini-2.5-flash", ReasoningEffort.Medium, null, """{"thinkingBudget":8192}""" },
        { "gemini-2.5-flash", ReasoningEffort.None, null, """{"thinkingBudget":0}""" },
        { "gemini-2.5-flash", ReasoningEffort.ExtraHigh, null, """{"thinkingBudget":24576}""" },
        { "gemini-2.5-pro", ReasoningEffort.None, null, """{"thinkingBudget":128}""" },
        { "gemini-2.5-pro", ReasoningEffort.ExtraHigh, null, """{"thinkingBudget":32768}""" },
        { "gemini-2-5-flash", ReasoningEffort.High, null, """{"thinkingBudget":24576}""" },
        { "gemini-2.5-flash", null, ReasoningOutput.Summary, """{"includeThoughts":true}""" },
        { "gemini-2.5-flash", ReasoningEffort.Low, ReasoningOutput.None, """{"thinkingBudget":1024}""" },

        // Gemini 3: thinkingLevel (3.0 Pro takes only low/high and cannot switch off).
        { "gemini-3-flash-preview", ReasoningEffort.None, null, """{"thinkingLevel":"minimal"}""" },
        { "gemini-3-flash-preview", ReasoningEffort.Medium, null, """{"thinkingLevel":"medium"}""" },
        { "gemini-3-flash-preview", ReasoningEffort.High, ReasoningOutput.Summary, """{"includeThoughts":true,"thinkingLevel":"high"}""" },
        { "gemini-3-pro-preview", ReasoningEffort.None, null, """{"thinkingLevel":"low"}""" },
        { "gemini-3-pro-preview", ReasoningEffort.Medium, null, """{"thinkingLevel":"high"}""" },
        { "gemini-3.1-pro-preview", ReasoningEffort.Medium, null, """{"thinkingLevel":"medium"}""" },
        { "gemini-3.1-pro-preview", ReasoningEffort.ExtraHigh, ReasoningOutput.Full, """{"includeThoughts":true,"thinkingLevel":"high"}""" },

        // Image models: 3.x thinks on its own (only includeThoughts); 2.x does not think.
        { "gemini-3-pro-image-preview", ReasoningEffort.High, ReasoningOutput.Full, """{"includeThoughts":true}""" },
        { "gemini-3-pro-image-preview", ReasoningEffort.High, null, null },
        { "gemini-2.5-flash-image", ReasoningEffort.Low, ReasoningOutput.Full, null },

        // Models that do not think get nothing (a thinkingConfig would be a 400).
        { "gemini-2.0-flash", ReasoningEffort.High, ReasoningOutput.Full, null },

        // A moving alias cannot be parsed: thinkingBudget, which every thinking generation accepts.
        { "gemini-flash-latest", ReasoningEffort.Low, null, """{"thinkingBudget":1024}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reasoning_options_map_to_the_thinking_knob_of_the_model_generation(string model, ReasoningEffort? effort, ReasoningOutput? output, string? expected)
    {
        var handler = Json(OkBody);
        using var client = GeminiClient(handler, model);

        await client.GetResponseAsync("hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort, Output = output } });

        var body = Assert.Single(handler.Sent).Json;
        var config = body.TryGetProperty("generationConfig", out var generationConfig) && generationConfig.TryGetProperty("thinkingConfig", out var thinking)
            ? thinking.GetRawText()
            : null;
        if (expected is null)
        {
            Assert.Null(config);
        }
        else
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(config!)), config);
        }
    }

    [Fact]
    public async Task Without_reasoning_options_no_thinking_config_is_sent()
    {
        var handler = Json(OkBody);
        using var client = GeminiClient(handler, "gemini-3-flash-preview");

        await client.GetResponseAsync("hi", new ChatOptions { Temperature = 1 });

        Assert.False(Assert.Single(handler.Sent).Json.GetProperty("generationConfig").TryGetProperty("thinkingConfig", out _));
    }

    [Theory]
    [InlineData("gemini-2.5-flash", ReasoningEffort.High, 4096, 2048)]
    [InlineData("gemini-2.5-pro", ReasoningEffort.ExtraHigh, 200, 128)]
    [InlineData("gemini-2.5-flash", ReasoningEffort.Low, 4096, 1024)]
    public async Task The_thinking_budget_stays_inside_max_output_tokens(string model, ReasoningEffort effort, int maxOutputTokens, int expectedBudget)
    {
        var handler = Json(OkBody);
        using var client = GeminiClient(handler, model);

        await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = maxOutputTokens, Reasoning = new ReasoningOptions { Effort = effort } });

        var config = Assert.Single(handler.Sent).Json.GetProperty("generationConfig");
        Assert.Equal(maxOutputTokens, config.GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal(expectedBudget, config.GetProperty("thinkingConfig").GetProperty("thinkingBudget").GetInt32());
    }
}
