using System.Net;
using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.ChatCompletions.ChatCompletionsTestSupport;

namespace AiGateway.Client.Tests.Dialects.ChatCompletions;

public sealed class ChatCompletionsResponseReaderTests
{
    [Fact]
    public async Task Content_as_an_array_of_parts_reads_reasoning_with_its_signature_and_text()
    {
        // Neon (Databricks) shape for reasoning Claude and gpt-oss models.
        const string reasoningPart = """{"type":"reasoning","summary":[{"type":"summary_text","text":"Rayleigh scattering.","signature":"EqoBsig"}]}""";
        var body = $$$"""
            {"id":"cmpl-n","object":"chat.completion","created":1700000001,"model":"databricks-claude-sonnet-4-5",
             "choices":[{"index":0,"message":{"role":"assistant","content":[{{{reasoningPart}}},{"type":"text","text":"Because of scattering."}]},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":10,"completion_tokens":20,"total_tokens":30}}
            """;

        var response = await ReadAsync(body, "claude-sonnet-4-5");

        var contents = response.Messages.Single().Contents;
        var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal("Rayleigh scattering.", reasoning.Text);
        Assert.Equal(reasoningPart, reasoning.ProtectedData);
        Assert.Equal("Because of scattering.", Assert.IsType<TextContent>(contents[1]).Text);
        Assert.Equal("Because of scattering.", response.Text);
    }

    [Fact]
    public async Task Reasoning_content_and_reasoning_fields_become_reasoning_text()
    {
        var response = await ReadAsync(Completion("""{"role":"assistant","content":"42","reasoning_content":"Think: 6*7."}"""));

        var contents = response.Messages.Single().Contents;
        Assert.Equal("Think: 6*7.", Assert.IsType<TextReasoningContent>(contents[0]).Text);
        Assert.Null(((TextReasoningContent)contents[0]).ProtectedData);
        Assert.Equal("42", Assert.IsType<TextContent>(contents[1]).Text);
    }

    [Fact]
    public async Task Vercel_reports_its_cost_which_wins_over_the_catalog_price()
    {
        // Shape recorded from ai-gateway.vercel.sh (charmbracelet/fantasy providertests, TestVercelCommon/claude-sonnet-4/simple.yaml).
        const string body = """
            {"id":"gen_01","object":"chat.completion","created":1770033226,"model":"anthropic/claude-sonnet-4",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Olá!",
               "provider_metadata":{"anthropic":{"usage":{"input_tokens":16}},"gateway":{"routing":{"attempts":[{"provider":"anthropic"}]},"cost":"0.000573","marketCost":"0.000573","generationId":"gen_01"}}},
               "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":16,"completion_tokens":35,"total_tokens":51,"cost":0.000999,"is_byok":false,
               "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0},"cache_creation_input_tokens":4,"market_cost":0.000573},
             "generationId":"gen_01"}
            """;
        var catalog = new ModelCatalog([new CatalogModel("anthropic/claude-sonnet-4") { Pricing = new ModelPricing(3, 15) }]);
        using var client = CreateClient(ReplayHandler.Body(body, "application/json"), "anthropic/claude-sonnet-4", catalog: catalog);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Say hi in Portuguese")]);

        Assert.Equal(0.000573m, response.AdditionalProperties![AiGatewayPropertyKeys.CostUsd]);
        Assert.Equal(4, response.Usage!.AdditionalCounts![CostCalculator.CacheCreationInputTokensKey]);
        Assert.Equal("Olá!", response.Text);
    }

    [Fact]
    public async Task Usage_cost_is_read_when_there_is_no_provider_metadata()
    {
        var response = await ReadAsync("""
            {"id":"c","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2,"cost":0.00125}}
            """);

        Assert.Equal(0.00125m, response.AdditionalProperties![AiGatewayPropertyKeys.CostUsd]);
    }

    [Fact]
    public async Task An_unreadable_cost_is_ignored_with_a_warning()
    {
        var logs = new ListLogger();

        var response = await ReadAsync(
            """{"id":"c","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x","provider_metadata":{"gateway":{"cost":"n/a"}}},"finish_reason":"stop"}]}""",
            loggerFactory: logs);

        Assert.Equal("x", response.Text);
        Assert.Contains(logs.Entries, e => e.EventId == 24);
    }

    [Fact]
    public async Task Reasoning_details_keep_encrypted_reasoning_for_the_next_turn()
    {
        const string detail = """{"type":"reasoning.encrypted","data":"gAAAAABopaque","id":"rs_1","format":"openai-responses-v1","index":0}""";

        var response = await ReadAsync(Completion($$"""{"role":"assistant","content":"hi","reasoning_details":[{{detail}}]}"""));

        var reasoning = Assert.IsType<TextReasoningContent>(response.Messages.Single().Contents[0]);
        Assert.Equal(string.Empty, reasoning.Text);
        Assert.Equal(detail, reasoning.ProtectedData);
    }

    [Fact]
    public async Task Reasoning_repeated_in_reasoning_and_reasoning_details_is_read_once()
    {
        var response = await ReadAsync(Completion("""
            {"role":"assistant","content":"hi","reasoning":"Let me think.",
             "reasoning_details":[{"type":"reasoning.text","text":"Let me think.","signature":"sig","format":"anthropic-claude-v1","index":0}]}
            """));

        var reasoning = Assert.Single(response.Messages.Single().Contents.OfType<TextReasoningContent>());
        Assert.Equal("Let me think.", reasoning.Text);
        Assert.Contains("\"signature\":\"sig\"", reasoning.ProtectedData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_becomes_error_content()
    {
        var response = await ReadAsync(Completion("""{"role":"assistant","content":null,"refusal":"I can't help with that."}"""));

        var refusal = Assert.IsType<ErrorContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("I can't help with that.", refusal.Message);
        Assert.Equal("Refusal", refusal.ErrorCode);
    }

    [Fact]
    public async Task Images_in_the_message_become_data_content()
    {
        var pixel = new byte[] { 1, 2, 3, 4 };

        var response = await ReadAsync(Completion($$$"""
            {"role":"assistant","content":"Here it is.","images":[{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Convert.ToBase64String(pixel)}}}"}}]}
            """));

        var image = Assert.Single(response.Messages.Single().Contents.OfType<DataContent>());
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(pixel, image.Data.ToArray());
    }

    [Fact]
    public async Task Unknown_fields_anywhere_are_ignored()
    {
        var response = await ReadAsync("""
            {"id":"c1","brand_new":{"deep":[1,{"x":null}]},"object":"chat.completion","created":1700000000,"model":"m","system_fingerprint":"fp",
             "choices":[{"index":0,"logprobs":{"content":[]},"future":[true],"message":{"role":"assistant","content":"hello","annotations":[{"type":"url_citation"}],"audio":null,
               "tool_calls":[{"id":"call_1","type":"function","extra":1,"function":{"name":"f","arguments":"{\"a\":1}","strict":true}}]},"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":2,"audio_tokens":0,"new":5},"completion_tokens_details":{"reasoning_tokens":1,"accepted_prediction_tokens":0},"other":{}},
             "service_tier":"default"}
            """);

        Assert.Equal("hello", response.Text);
        var call = Assert.Single(response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.Equal("call_1", call.CallId);
        Assert.Equal(1, ((System.Text.Json.JsonElement)call.Arguments!["a"]!).GetInt32());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(2, response.Usage!.CachedInputTokenCount);
        Assert.Equal(1, response.Usage.ReasoningTokenCount);
    }

    [Theory]
    [InlineData("stop", "stop", false)]
    [InlineData("length", "length", false)]
    [InlineData("tool_calls", "tool_calls", false)]
    [InlineData("content_filter", "content_filter", false)]
    [InlineData("function_call", "tool_calls", true)]
    [InlineData("end_turn", "stop", true)]
    [InlineData("something_new", "something_new", true)]
    public async Task Finish_reasons_map_and_inexact_ones_keep_the_raw_reason(string wire, string expected, bool keepsRaw)
    {
        var response = await ReadAsync($$$"""{"id":"c","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"{{{wire}}}"}]}""");

        Assert.Equal(expected, response.FinishReason?.Value);
        Assert.Equal(keepsRaw ? wire : null, response.AdditionalProperties?.GetValueOrDefault(DialectPropertyKeys.RawFinishReason));
    }

    [Fact]
    public async Task Tool_arguments_that_are_not_json_do_not_throw_but_carry_the_parse_error()
    {
        var response = await ReadAsync(Completion("""{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{not json"}}]}""", "tool_calls"));

        var call = Assert.Single(response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.NotNull(call.Exception);
    }

    [Fact]
    public async Task A_200_body_with_an_error_object_throws_the_mapped_exception()
    {
        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            ReadAsync("""{"error":{"message":"The server had an error.","type":"server_error","param":null,"code":null}}"""));

        Assert.Equal("The server had an error.", ex.ProviderMessage);
        Assert.Equal("server_error", ex.ErrorCode);
    }

    [Fact]
    public async Task A_body_without_choices_is_malformed()
    {
        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAsync("""{"id":"c","object":"chat.completion","choices":[]}"""));

        Assert.Contains("no choices", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_malformed()
    {
        await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAsync("<html>Bad gateway</html>"));
    }

    [Fact]
    public async Task Only_the_first_choice_is_read()
    {
        var response = await ReadAsync("""
            {"id":"c","created":1,"model":"m","choices":[
              {"index":0,"message":{"role":"assistant","content":"first"},"finish_reason":"stop"},
              {"index":1,"message":{"role":"assistant","content":"second"},"finish_reason":"stop"}]}
            """);

        Assert.Equal("first", response.Text);
    }

    public static TheoryData<int, string, Type, string?, string> ErrorShapes => new()
    {
        { 429, """{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", typeof(RateLimitExceededException), "rate_limit_exceeded", "Rate limit reached" },
        { 500, """{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}""", typeof(ProviderUnavailableException), "server_error", "The server had an error" },
        { 502, "upstream connect error", typeof(ProviderUnavailableException), null, "upstream connect error" },
        { 429, """{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"Exceeded workspace rate limit"}""", typeof(RateLimitExceededException), "REQUEST_LIMIT_EXCEEDED", "Exceeded workspace rate limit" },
        { 401, """{"success":false,"error":[{"code":2009,"message":"Unauthorized"}]}""", typeof(AuthenticationFailedException), "2009", "Unauthorized" },
        { 404, """{"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}""", typeof(ModelNotFoundException), "model_not_found", "The model `gpt-9` does not exist" },
    };

    [Theory]
    [MemberData(nameof(ErrorShapes))]
    public async Task Error_bodies_map_to_the_exception_family(int status, string body, Type expectedType, string? code, string message)
    {
        var headers = new Dictionary<string, string> { ["x-request-id"] = "req_42", ["retry-after"] = "7" };
        var handler = new ReplayHandler(new RecordedExchange("POST", new Uri("https://gateway.test/chat/completions"), null, status, body.StartsWith('{') ? "application/json" : "text/plain", body, headers));
        using var client = ChatCompletionsFixtureReplayTests.CreateClient(handler, "gpt-4o-mini");

        var ex = await Assert.ThrowsAnyAsync<AiGatewayException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.IsType(expectedType, ex);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(message, ex.ProviderMessage);
        Assert.Equal("req_42", ex.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    private static string Completion(string message, string finishReason = "stop") =>
        $$"""{"id":"chatcmpl-x","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{{message}},"finish_reason":"{{finishReason}}"}]}""";
}
