using AiGateway.Client.Dialects.Messages;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesTestData;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>Whole (non-streamed) answers: block mapping, usage and stop details.</summary>
public sealed class MessagesResponseReaderTests
{
    [Fact]
    public async Task TextWithCitations_CarriesCitationAnnotations()
    {
        using var client = CreateClient(Json("""
            {"id":"msg_c","type":"message","role":"assistant","model":"m","content":[
              {"type":"text","text":"The grass is green.","citations":[{"type":"char_location","cited_text":"The grass is green.","document_index":0,"document_title":"Facts","start_char_index":0,"end_char_index":19}]}],
             "stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":5}}
            """));

        var response = await client.GetResponseAsync("color?");

        var text = Assert.IsType<TextContent>(Assert.Single(response.Messages[0].Contents));
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(text.Annotations!));
        Assert.Equal("Facts", citation.Title);
        Assert.Equal("The grass is green.", citation.Snippet);
        Assert.Null(citation.Url);
    }

    [Fact]
    public async Task RedactedThinking_IsReasoningWithProtectedDataAndNoText()
    {
        using var client = CreateClient(Json("""
            {"id":"msg_r","type":"message","role":"assistant","model":"m","content":[
              {"type":"redacted_thinking","data":"ENC=="},{"type":"text","text":"Answer."}],
             "stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}
            """));

        var response = await client.GetResponseAsync("q");

        var reasoning = Assert.IsType<TextReasoningContent>(response.Messages[0].Contents[0]);
        Assert.Equal("ENC==", reasoning.ProtectedData);
        Assert.True(MessagesReasoning.IsRedacted(reasoning));
        Assert.Equal("Answer.", response.Text);
    }

    [Fact]
    public async Task UsageWithoutCacheFields_HasNoCachedOrCacheWriteCounts()
    {
        using var client = CreateClient(Json("""{"id":"msg_u","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"x"}],"stop_reason":"end_turn","usage":{"input_tokens":12,"output_tokens":3}}"""));

        var response = await client.GetResponseAsync("q");

        Assert.Equal(12, response.Usage!.InputTokenCount);
        Assert.Equal(15, response.Usage.TotalTokenCount);
        Assert.Null(response.Usage.CachedInputTokenCount);
        Assert.Null(response.Usage.AdditionalCounts);
    }

    [Fact]
    public async Task EndTurn_AddsNoStopProperties()
    {
        using var client = CreateClient(Json("""{"id":"msg_e","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"x"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}"""));

        var response = await client.GetResponseAsync("q");

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.False(response.AdditionalProperties?.ContainsKey(MessagesResponseMapper.StopReasonKey) ?? false);
        Assert.False(response.AdditionalProperties?.ContainsKey(MessagesResponseMapper.StopSequenceKey) ?? false);
    }
}
