using System.Text.Json;
using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Diagnostics;

public class GenAiMessageFormatterTests
{
    [Fact]
    public void Text_messages_become_role_and_text_parts()
    {
        using var json = JsonDocument.Parse(GenAiMessageFormatter.Format([new ChatMessage(ChatRole.User, "hello")], finishReason: null));

        var message = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        var part = Assert.Single(message.GetProperty("parts").EnumerateArray());
        Assert.Equal("text", part.GetProperty("type").GetString());
        Assert.Equal("hello", part.GetProperty("content").GetString());
        Assert.False(message.TryGetProperty("finish_reason", out _));
    }

    [Fact]
    public void Tool_calls_and_results_keep_their_ids_names_and_values()
    {
        var messages = new[]
        {
            new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Lima", ["days"] = 3 })]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]),
        };

        using var json = JsonDocument.Parse(GenAiMessageFormatter.Format(messages, finishReason: null));

        var call = json.RootElement[0].GetProperty("parts")[0];
        Assert.Equal("tool_call", call.GetProperty("type").GetString());
        Assert.Equal("call_1", call.GetProperty("id").GetString());
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.Equal("Lima", call.GetProperty("arguments").GetProperty("city").GetString());
        Assert.Equal(3, call.GetProperty("arguments").GetProperty("days").GetInt32());
        var result = json.RootElement[1].GetProperty("parts")[0];
        Assert.Equal("tool_call_response", result.GetProperty("type").GetString());
        Assert.Equal("sunny", result.GetProperty("response").GetString());
    }

    [Fact]
    public void Binary_data_is_described_not_inlined()
    {
        var image = new DataContent(new byte[] { 1, 2, 3, 4 }, "image/png");

        var text = GenAiMessageFormatter.Format([new ChatMessage(ChatRole.User, [image])], finishReason: null);

        using var json = JsonDocument.Parse(text);
        var part = json.RootElement[0].GetProperty("parts")[0];
        Assert.Equal("blob", part.GetProperty("type").GetString());
        Assert.Equal("image/png", part.GetProperty("mime_type").GetString());
        Assert.Equal(4, part.GetProperty("size").GetInt32());
        Assert.DoesNotContain("AQIDBA", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_messages_carry_the_finish_reason()
    {
        using var json = JsonDocument.Parse(GenAiMessageFormatter.Format([new ChatMessage(ChatRole.Assistant, "done")], ChatFinishReason.Length));

        Assert.Equal("length", json.RootElement[0].GetProperty("finish_reason").GetString());
    }
}
