using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects.Responses;

/// <summary>Whole (non-streaming) Responses bodies read through the leaf client.</summary>
public class ResponsesResponseReaderTests
{
    [Fact]
    public async Task Image_generation_result_becomes_an_image_DataContent()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 9, 8, 7];
        var response = await ReadAsync($$"""
            {"id":"resp_1","status":"completed","model":"gpt-5","output":[
              {"id":"ig_1","type":"image_generation_call","status":"completed","output_format":"jpeg","result":"{{Convert.ToBase64String(jpeg)}}"},
              {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"Done."}]}]}
            """);

        var image = Assert.IsType<DataContent>(response.Messages[0].Contents[0]);
        Assert.Equal("image/jpeg", image.MediaType);
        Assert.Equal(jpeg, image.Data.ToArray());
        Assert.Equal("Done.", response.Text);
    }

    [Fact]
    public async Task Refusal_part_becomes_ErrorContent_with_the_refusal_code()
    {
        var response = await ReadAsync("""
            {"id":"resp_1","status":"completed","output":[{"type":"message","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]}]}
            """);

        var refusal = Assert.IsType<ErrorContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("I can't help with that.", refusal.Message);
        Assert.Equal("Refusal", refusal.ErrorCode);
    }

    [Fact]
    public async Task Incomplete_for_content_filter_is_ContentFilter()
    {
        var response = await ReadAsync("""{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"content_filter"},"output":[]}""");

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
    }

    [Fact]
    public async Task Incomplete_for_an_unknown_reason_is_Length_and_keeps_the_raw_reason()
    {
        var response = await ReadAsync("""{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"turn_budget"},"output":[]}""");

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal("turn_budget", response.AdditionalProperties![DialectPropertyKeys.RawFinishReason]);
    }

    [Fact]
    public async Task Unknown_status_keeps_the_raw_status_and_no_finish_reason()
    {
        var response = await ReadAsync("""{"id":"resp_1","status":"cancelled","output":[]}""");

        Assert.Null(response.FinishReason);
        Assert.Equal("cancelled", response.AdditionalProperties![DialectPropertyKeys.RawFinishReason]);
    }

    [Fact]
    public async Task Failed_response_in_a_200_body_throws_with_the_provider_code_and_message()
    {
        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => ReadAsync(
            """{"id":"resp_1","status":"failed","error":{"code":"server_error","message":"The model crashed."},"output":[]}"""));

        Assert.Equal("server_error", ex.ErrorCode);
        Assert.Equal("The model crashed.", ex.ProviderMessage);
    }

    [Fact]
    public async Task Unknown_fields_item_types_and_part_types_are_ignored()
    {
        var response = await ReadAsync("""
            {"id":"resp_1","status":"completed","future_field":{"nested":[1,2,{"x":null}]},"output":[
              {"id":"mcp_1","type":"mcp_call","name":"x","arguments":"{}","server_label":"s"},
              {"id":"msg_1","type":"message","role":"assistant","phase":"final_answer","content":[
                {"type":"future_part","blob":"…"},
                {"type":"output_text","text":"Hello","annotations":[{"type":"url_citation","url":"https://x.test"}],"logprobs":[]}]}],
             "usage":{"input_tokens":3,"output_tokens":1,"total_tokens":4,"input_tokens_details":{"cached_tokens":0,"audio_tokens":2},"output_tokens_details":{"reasoning_tokens":0}}}
            """);

        Assert.Equal("Hello", Assert.IsType<TextContent>(Assert.Single(response.Messages[0].Contents)).Text);
        Assert.Equal(4, response.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task Cache_write_tokens_are_kept_for_pricing()
    {
        var response = await ReadAsync("""
            {"id":"resp_1","status":"completed","output":[],"usage":{"input_tokens":100,"output_tokens":5,"total_tokens":105,
             "input_tokens_details":{"cached_tokens":40,"cache_write_tokens":30},"output_tokens_details":{"reasoning_tokens":2}}}
            """);

        Assert.Equal(40, response.Usage!.CachedInputTokenCount);
        Assert.Equal(2, response.Usage.ReasoningTokenCount);
        Assert.Equal(30, response.Usage.AdditionalCounts![CostCalculator.CacheCreationInputTokensKey]);
    }

    [Fact]
    public async Task Full_reasoning_text_is_used_when_there_is_no_summary()
    {
        var response = await ReadAsync("""
            {"id":"resp_1","status":"completed","output":[
              {"id":"rs_1","type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"Step 1."},{"type":"reasoning_text","text":"Step 2."}]},
              {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"42"}]}]}
            """);

        var reasoning = Assert.IsType<TextReasoningContent>(response.Messages[0].Contents[0]);
        Assert.Equal("Step 1.\n\nStep 2.", reasoning.Text);
        Assert.Null(reasoning.ProtectedData);
    }

    [Fact]
    public async Task Function_call_with_invalid_arguments_keeps_the_parse_error_on_the_call()
    {
        var response = await ReadAsync("""
            {"id":"resp_1","status":"completed","output":[{"type":"function_call","id":"fc_1","call_id":"call_1","name":"f","arguments":"{not json"}]}
            """);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("call_1", call.CallId);
        Assert.NotNull(call.Exception);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Fractional_created_at_is_read()
    {
        var response = await ReadAsync("""{"id":"resp_1","status":"completed","created_at":1758064478.5,"output":[]}""");

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1758064478500), response.CreatedAt);
    }

    [Fact]
    public async Task Body_that_is_not_a_response_is_MalformedResponseException()
    {
        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAsync("""{"hello":"world"}"""));

        Assert.Contains("not a Responses API response", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_body_is_MalformedResponseException()
    {
        await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAsync("""{"id":"resp_1","output":[{"type":"mess"""));
    }

    [Theory]
    [InlineData(429, """{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"Rate limit exceeded for endpoint."}""", "REQUEST_LIMIT_EXCEEDED", "Rate limit exceeded for endpoint.")]
    [InlineData(503, "upstream connect error or disconnect/reset before headers", null, "upstream connect error or disconnect/reset before headers")]
    [InlineData(401, """{"success":false,"error":[{"code":2009,"message":"Unauthorized"}]}""", "2009", "Unauthorized")]
    public async Task Gateway_error_shapes_in_front_of_Responses_keep_their_code_and_message(int status, string body, string? code, string message)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(body, "application/json", status), "gpt-5", ChatDialect.Responses);

        var ex = await Assert.ThrowsAnyAsync<AiGatewayException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")]));

        Assert.Equal((System.Net.HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(message, ex.ProviderMessage);
        Assert.Equal(ChatDialect.Responses, ex.Dialect);
    }

    private static async Task<ChatResponse> ReadAsync(string body)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(body, "application/json"), "gpt-5", ChatDialect.Responses);
        return await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")]);
    }
}
