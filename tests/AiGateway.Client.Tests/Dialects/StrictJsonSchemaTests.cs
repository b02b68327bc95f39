using System.Text.Json;
using AiGateway.Client.Tests.Dialects.ChatCompletions;
using AiGateway.Client.Tests.Dialects.Responses;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects;

/// <summary>
/// One strict-schema rule for both OpenAI dialects, as Microsoft.Extensions.AI's OpenAI client applies it: the tool's
/// own <c>strictJsonSchema</c>, else the request's; the same ChatOptions decide the same strictness on either dialect.
/// </summary>
public sealed class StrictJsonSchemaTests
{
    private const string Key = "strictJsonSchema";

    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "Hi")];

    private static AIFunctionDeclaration Tool(bool? strict = null)
    {
        var tool = AIFunctionFactory.CreateDeclaration("noop", null, JsonDocument.Parse("""{"type":"object","properties":{},"additionalProperties":false}""").RootElement);
        if (strict is { } value)
        {
            // AIFunctionDeclaration.AdditionalProperties is read-only: wrap it to carry the flag, as MEAI users do.
            return new StrictTool(tool, value);
        }

        return tool;
    }

    private static ChatOptions Options(AITool tool, bool? requestStrict) => new()
    {
        Tools = [tool],
        AdditionalProperties = requestStrict is { } value ? new() { [Key] = value } : null,
    };

    private static async Task<bool?> ChatCompletionsToolStrict(ChatOptions options)
    {
        var body = await ChatCompletionsTestSupport.SentBodyAsync(Hello, options);
        return body.GetProperty("tools")[0].GetProperty("function").TryGetProperty("strict", out var strict) ? strict.GetBoolean() : null;
    }

    private static bool? ResponsesToolStrict(ChatOptions options)
    {
        var body = ResponsesRequestWriterTests.Write(Hello, options);
        return body.GetProperty("tools")[0].TryGetProperty("strict", out var strict) ? strict.GetBoolean() : null;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Request_level_flag_applies_to_tools_on_both_dialects(bool strict)
    {
        var options = Options(Tool(), strict);

        Assert.Equal(strict, await ChatCompletionsToolStrict(options));
        Assert.Equal(strict, ResponsesToolStrict(options));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Tool_flag_wins_over_the_request_flag_on_both_dialects(bool toolStrict, bool requestStrict)
    {
        var options = Options(Tool(toolStrict), requestStrict);

        Assert.Equal(toolStrict, await ChatCompletionsToolStrict(options));
        Assert.Equal(toolStrict, ResponsesToolStrict(options));
    }

    [Fact]
    public async Task Undecided_tool_is_not_strict_on_either_dialect()
    {
        var options = Options(Tool(), requestStrict: null);

        // Chat Completions is not strict when "strict" is absent; Responses would normalize to strict, so false is written.
        Assert.Null(await ChatCompletionsToolStrict(options));
        Assert.False(ResponsesToolStrict(options));
    }

    [Fact]
    public void Undecided_response_format_writes_no_strict_on_responses()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{},"additionalProperties":false}""");
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "empty") };

        var body = ResponsesRequestWriterTests.Write(Hello, options);

        Assert.False(body.GetProperty("text").GetProperty("format").TryGetProperty("strict", out _));
    }

    /// <summary>A declaration whose own AdditionalProperties carry the strict flag.</summary>
    private sealed class StrictTool(AIFunctionDeclaration inner, bool strict) : AIFunctionDeclaration
    {
        private readonly AdditionalPropertiesDictionary _properties = new() { [Key] = strict };

        public override string Name => inner.Name;

        public override string Description => inner.Description;

        public override JsonElement JsonSchema => inner.JsonSchema;

        public override IReadOnlyDictionary<string, object?> AdditionalProperties => _properties;
    }
}
