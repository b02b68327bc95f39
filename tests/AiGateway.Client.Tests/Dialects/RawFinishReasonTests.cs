using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects;

/// <summary>Every dialect puts a finish reason ChatFinishReason cannot say exactly under one public key.</summary>
public sealed class RawFinishReasonTests
{
    public static TheoryData<ChatDialect, string, string, string> Bodies => new()
    {
        {
            ChatDialect.ChatCompletions, "openai/gpt-4o-mini",
            """{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"function_call"}]}""",
            "function_call"
        },
        {
            ChatDialect.Responses, "openai/gpt-5-mini",
            """{"id":"resp_1","object":"response","created_at":1,"status":"incomplete","incomplete_details":{"reason":"turn_limit"},"model":"gpt-5-mini","output":[{"id":"msg_1","type":"message","role":"assistant","status":"incomplete","content":[{"type":"output_text","text":"x","annotations":[]}]}]}""",
            "turn_limit"
        },
        {
            ChatDialect.Messages, "anthropic/claude-haiku-4.5",
            """{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"x"}],"stop_reason":"stop_sequence","stop_sequence":"```","usage":{"input_tokens":1,"output_tokens":1}}""",
            "stop_sequence"
        },
        {
            ChatDialect.GenerateContent, "google/gemini-2.5-flash",
            """{"candidates":[{"content":{"role":"model","parts":[{"text":"x"}]},"finishReason":"SAFETY"}],"responseId":"r1","modelVersion":"gemini-2.5-flash"}""",
            "SAFETY"
        },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task InexactFinishReasonsAreUnderTheSharedKey(ChatDialect dialect, string model, string body, string raw)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(body, "application/json"), model, dialect);

        var response = await client.GetResponseAsync("hi", new ChatOptions().WithDialect(dialect));

        Assert.Equal(raw, response.AdditionalProperties?[AiGatewayPropertyKeys.RawFinishReason] ?? response.Messages[^1].AdditionalProperties?[AiGatewayPropertyKeys.RawFinishReason]);
    }

    [Theory]
    [InlineData(ChatDialect.Messages, "anthropic/claude-haiku-4.5", """{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"x"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}""")]
    [InlineData(ChatDialect.GenerateContent, "google/gemini-2.5-flash", """{"candidates":[{"content":{"role":"model","parts":[{"text":"x"}]},"finishReason":"STOP"}],"responseId":"r1"}""")]
    public async Task ExactFinishReasonsNeedNoRawKey(ChatDialect dialect, string model, string body)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(body, "application/json"), model, dialect);

        var response = await client.GetResponseAsync("hi", new ChatOptions().WithDialect(dialect));

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.False(response.AdditionalProperties?.ContainsKey(AiGatewayPropertyKeys.RawFinishReason) ?? false);
        Assert.False(response.Messages[^1].AdditionalProperties?.ContainsKey(AiGatewayPropertyKeys.RawFinishReason) ?? false);
    }
}
