using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Reliability;

/// <summary>
/// A finish reason that is present but blank (<c>" "</c>, <c>""</c>) carries no information: the answer is kept and
/// reads as having no finish reason (<see langword="null"/>), as when the field is absent, with the raw value kept
/// under <see cref="AiGatewayPropertyKeys.RawFinishReason"/>. Before, <see cref="ChatFinishReason"/>'s constructor threw
/// a raw <see cref="ArgumentException"/> out of the reader.
/// </summary>
public sealed class BlankFinishReasonTests
{
    public static TheoryData<ChatDialect, string> Cases()
    {
        var data = new TheoryData<ChatDialect, string>();
        foreach (var dialect in new[] { ChatDialect.ChatCompletions, ChatDialect.Messages, ChatDialect.GenerateContent })
        {
            data.Add(dialect, " ");
            data.Add(dialect, "\\t ");
        }

        data.Add(ChatDialect.ChatCompletions, string.Empty);
        data.Add(ChatDialect.Messages, string.Empty);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_blank_finish_reason_in_a_whole_answer_reads_as_no_finish_reason(ChatDialect dialect, string blank)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(WireBodies.WholeWithFinishReason(dialect, blank), WireBodies.Json));

        var response = await client.GetResponseAsync("Hi", new ChatOptions().WithDialect(dialect));

        Assert.Equal("Hi", response.Text);
        Assert.Null(response.FinishReason);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_blank_finish_reason_in_a_stream_reads_as_no_finish_reason(ChatDialect dialect, string blank)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(WireBodies.StreamWithFinishReason(dialect, blank), WireBodies.EventStream));

        var updates = await client.GetStreamingResponseAsync("Hi", new ChatOptions().WithDialect(dialect)).ToListAsync();

        var response = updates.ToChatResponse();
        Assert.Equal("Hi", response.Text);
        Assert.Null(response.FinishReason);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Messages)]
    [InlineData(ChatDialect.GenerateContent)]
    public async Task A_blank_finish_reason_is_kept_raw_for_diagnosis(ChatDialect dialect)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(WireBodies.WholeWithFinishReason(dialect, " "), WireBodies.Json));

        var response = await client.GetResponseAsync("Hi", new ChatOptions().WithDialect(dialect));

        Assert.Equal(" ", response.AdditionalProperties?[AiGatewayPropertyKeys.RawFinishReason]);
    }
}
