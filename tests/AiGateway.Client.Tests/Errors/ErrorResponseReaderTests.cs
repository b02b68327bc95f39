using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AiGateway.Client.Errors;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Errors;

public sealed class ErrorResponseReaderTests
{
    private static readonly FakeTimeProvider Clock = new();
    private static readonly Route Route = new TestGateway().RouteFor(ChatDialect.ChatCompletions);

    private static AiGatewayException Read(int status, string body, Action<HttpResponseHeaders>? headers = null, Route? route = null, Func<IReadOnlyList<string>>? suggest = null)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        headers?.Invoke(response.Headers);
        return ErrorResponseReader.Create((HttpStatusCode)status, response.Headers, Encoding.UTF8.GetBytes(body), route ?? Route, Clock, suggest);
    }

    private static RecordedExchange Recorded(string path, int index = 0) => Fixtures.Exchanges(path)[index];

    [Fact]
    public void OpenAIEnvelopeFromRecordedAuthFailureBecomesAuthenticationFailed()
    {
        var exchange = Recorded("chat-completions/AuthFailure.json");

        var ex = Read(exchange.StatusCode, exchange.ResponseBody);

        var auth = Assert.IsType<AuthenticationFailedException>(ex);
        Assert.Equal(HttpStatusCode.Unauthorized, auth.StatusCode);
        Assert.Equal("invalid_api_key", auth.ErrorCode);
        Assert.StartsWith("Incorrect API key provided", auth.ProviderMessage, StringComparison.Ordinal);
        Assert.False(auth.IsTransient);
    }

    [Fact]
    public void OpenAIInvalidRequestFromRecordedStrictToolFailureKeepsCodeAndMessage()
    {
        var exchange = Recorded("chat-completions/StructuredOutputs(WithoutSchema,Strict,FailureExpected).json");

        var ex = Read(exchange.StatusCode, exchange.ResponseBody);

        var invalid = Assert.IsType<InvalidRequestException>(ex);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.NotNull(invalid.ProviderMessage);
        Assert.Contains(invalid.ProviderMessage!, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponsesTemperatureErrorFromRecordedBodyIsInvalidRequest()
    {
        var body = Fixtures.ReadText("responses/reasoning-model-temperature-error.json");

        var ex = Read(400, body);

        Assert.IsType<InvalidRequestException>(ex);
        Assert.Contains("temperature", ex.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AnthropicEnvelopeFromRecordedToolFailureKeepsTypeAndRequestId()
    {
        var exchange = Fixtures.Exchanges("messages/test_runners.TestSyncRunTools.f59a9391-643b-422c-96dc-1f28bc7ea4d7.json").Single(e => e.StatusCode == 400);

        var ex = Read(exchange.StatusCode, exchange.ResponseBody, route: new TestGateway().RouteFor(ChatDialect.Messages, "anthropic/claude-sonnet-4.5"));

        Assert.IsType<InvalidRequestException>(ex);
        Assert.Equal("invalid_request_error", ex.ErrorCode);
        Assert.StartsWith("req_", ex.RequestId, StringComparison.Ordinal);
        Assert.Equal(ChatDialect.Messages, ex.Dialect);
    }

    [Fact]
    public void AnthropicRecordedRateLimitIsTransientRateLimit()
    {
        var exchange = Fixtures.Exchanges("messages/test_messages.TestAsyncParse.d743d628-16aa-4c9f-ae78-51deb578f746.json")[0];

        var ex = Read(exchange.StatusCode, exchange.ResponseBody, h => h.TryAddWithoutValidation("retry-after", "2"));

        var limited = Assert.IsType<RateLimitExceededException>(ex);
        Assert.Equal("rate_limit_error", limited.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.RetryAfter);
        Assert.True(limited.IsTransient);
    }

    [Fact]
    public void GoogleRetryInfoFromRecordedBodyBecomesRetryAfter()
    {
        var body = Fixtures.ReadText("generate-content/google-429-retry-info.json");

        var ex = Read(429, body);

        var limited = Assert.IsType<RateLimitExceededException>(ex);
        Assert.Equal("RESOURCE_EXHAUSTED", limited.ErrorCode);
        Assert.NotNull(limited.RetryAfter);
        Assert.True(limited.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public void GoogleRecordedApiKeyErrorIsAnAuthenticationFailureThoughItArrivesAs400()
    {
        var body = Fixtures.ReadText("generate-content/googleai-unary-failure-api-key.json");

        var ex = Read(400, body);

        var auth = Assert.IsType<AuthenticationFailedException>(ex);
        Assert.Equal(HttpStatusCode.BadRequest, auth.StatusCode);
        Assert.StartsWith("API_KEY_", auth.ErrorCode, StringComparison.Ordinal);
        Assert.Contains("API key", auth.ProviderMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NeonFlatEnvelopeKeepsErrorCode()
    {
        var ex = Read(429, """{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"Exceeded workspace rate limit."}""");

        Assert.Equal("REQUEST_LIMIT_EXCEEDED", ex.ErrorCode);
        Assert.Equal("Exceeded workspace rate limit.", ex.ProviderMessage);
    }

    [Fact]
    public void NeonFlatEnvelopeWithJsonStringMessageIsUnwrapped()
    {
        var ex = Read(400, """{"error_code":"BAD_REQUEST","message":"{\"error\":{\"message\":\"Unsupported parameter: temperature\",\"type\":\"invalid_request_error\"}}"}""");

        Assert.Equal("Unsupported parameter: temperature", ex.ProviderMessage);
        Assert.Equal("invalid_request_error", ex.ErrorCode);
    }

    [Fact]
    public void NeonRateLimitWithoutRetryAfterIsPermanent()
    {
        var neonRoute = new Route(ChatDialect.ChatCompletions, new Uri("https://h.test/v1/chat/completions"), new Uri("https://h.test/v1/chat/completions"), "gpt-5-mini",
            new AiGateway.Client.Catalog.CatalogModel("openai/gpt-5-mini"), new OpenAICompatibleGateway(new Uri("https://h.test/"), null, GatewayKind.Neon));

        var ex = Read(429, """{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"limit"}""", route: neonRoute);

        Assert.False(ex.IsTransient);
        Assert.Contains("Not retried", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeonRateLimitWithRetryAfterIsTransient()
    {
        var neonRoute = new Route(ChatDialect.ChatCompletions, new Uri("https://h.test/v1/chat/completions"), new Uri("https://h.test/v1/chat/completions"), "gpt-5-mini",
            new AiGateway.Client.Catalog.CatalogModel("openai/gpt-5-mini"), new OpenAICompatibleGateway(new Uri("https://h.test/"), null, GatewayKind.Neon));

        var ex = Read(429, """{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"limit"}""", h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), neonRoute);

        Assert.True(ex.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public void CloudflareEnvelopeKeepsNumericCode()
    {
        var ex = Read(401, """{"success":false,"result":[],"messages":[],"error":[{"code":2009,"message":"Unauthorized"}]}""");

        Assert.IsType<AuthenticationFailedException>(ex);
        Assert.Equal("2009", ex.ErrorCode);
        Assert.Equal("Unauthorized", ex.ProviderMessage);
    }

    [Fact]
    public void PlainTextBodyBecomesTheProviderMessage()
    {
        var ex = Read(502, "<html><body>502 Bad Gateway</body></html>");

        Assert.IsType<ProviderUnavailableException>(ex);
        Assert.True(ex.IsTransient);
        Assert.Contains("502 Bad Gateway", ex.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyBodyStillSaysWhatHappened()
    {
        var ex = Read(503, string.Empty);

        Assert.IsType<ProviderUnavailableException>(ex);
        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Test gateway", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PaymentRequiredIsBudgetExceededAndNeverTransient()
    {
        var ex = Read(402, """{"error":{"message":"Budget exceeded","type":"quota_for_entity_exceeded","code":"quota_for_entity_exceeded"}}""");

        Assert.IsType<BudgetExceededException>(ex);
        Assert.False(ex.IsTransient);
        Assert.Equal("quota_for_entity_exceeded", ex.ErrorCode);
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(409, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(529, true)]
    [InlineData(501, false)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(413, false)]
    public void TransienceFollowsTheSharedRetrySemantics(int status, bool transient)
    {
        Assert.Equal(transient, Read(status, "{}").IsTransient);
    }

    [Fact]
    public void RateLimitOutsideNeonIsTransientEvenWithoutRetryAfter()
    {
        Assert.True(Read(429, "{}").IsTransient);
    }

    [Fact]
    public void RetryAfterMillisecondsHeaderWinsOverSeconds()
    {
        var ex = Read(429, "{}", h =>
        {
            h.TryAddWithoutValidation("retry-after-ms", "1500");
            h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
        });

        Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.RetryAfter);
    }

    [Fact]
    public void RetryAfterHttpDateIsMeasuredFromTheClock()
    {
        var ex = Read(503, "{}", h => h.RetryAfter = new RetryConditionHeaderValue(Clock.GetUtcNow().AddSeconds(42)));

        Assert.Equal(TimeSpan.FromSeconds(42), ex.RetryAfter);
    }

    [Fact]
    public void RequestIdComesFromHeadersWhenTheBodyHasNone()
    {
        var ex = Read(500, "{}", h => h.TryAddWithoutValidation("x-request-id", "req_abc"));

        Assert.Equal("req_abc", ex.RequestId);
        Assert.Contains("req_abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModelBecomesModelNotFoundWithSuggestions()
    {
        var ex = Read(400, """{"error":{"message":"unknown model: claude-sonet-4-5"}}""", suggest: () => ["anthropic/claude-sonnet-4.5"]);

        var notFound = Assert.IsType<ModelNotFoundException>(ex);
        Assert.Equal(["anthropic/claude-sonnet-4.5"], notFound.Suggestions);
        Assert.Contains("did you mean 'anthropic/claude-sonnet-4.5'", notFound.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelNotFoundCodeIsRecognisedOn404()
    {
        var ex = Read(404, """{"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","code":"model_not_found"}}""");

        Assert.IsType<ModelNotFoundException>(ex);
    }

    [Fact]
    public void SecretsEchoedInAnErrorBodyAreRedacted()
    {
        var ex = Read(401, """{"error":{"message":"Bad header: Authorization: Bearer sk-proj-abcdefghijklmnop1234567890 and key nt_live_FAKE-test-only-0001"}}""");

        Assert.DoesNotContain("sk-proj-abcdefghijklmnop1234567890", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nt_live_FAKE-test-only-0001", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnop", ex.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void LongBodiesAreShortenedInTheMessage()
    {
        var ex = Read(500, new string('x', 5000));

        Assert.True(ex.ProviderMessage!.Length <= 501);
    }

    [Fact]
    public void StreamErrorCodeMapsToItsStatus()
    {
        var ex = ErrorResponseReader.FromStreamError("overloaded_error", "Overloaded", null, Route);

        var unavailable = Assert.IsType<ProviderUnavailableException>(ex);
        Assert.Equal((HttpStatusCode)529, unavailable.StatusCode);
        Assert.True(unavailable.IsTransient);
        Assert.Equal("Overloaded", unavailable.ProviderMessage);
    }

    [Fact]
    public void StreamErrorWithInsufficientQuotaIsARateLimit()
    {
        var ex = ErrorResponseReader.FromStreamError("insufficient_quota", "You exceeded your current quota", null, Route);

        Assert.IsType<RateLimitExceededException>(ex);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData("timeout_error", 504)]
    [InlineData("DEADLINE_EXCEEDED", 504)]
    public void StreamTimeoutErrorIsATransientProviderFailure(string code, int status)
    {
        var ex = ErrorResponseReader.FromStreamError(code, "Request timed out", null, Route);

        var unavailable = Assert.IsType<ProviderUnavailableException>(ex);
        Assert.Equal((HttpStatusCode)status, unavailable.StatusCode);
        Assert.True(unavailable.IsTransient);
    }

    [Fact]
    public void StreamBillingErrorIsABudgetFailureThatIsNotRetried()
    {
        var ex = ErrorResponseReader.FromStreamError("billing_error", "Your credit balance is too low", null, Route);

        Assert.IsType<BudgetExceededException>(ex);
        Assert.Equal(HttpStatusCode.PaymentRequired, ex.StatusCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void StreamRequestTooLargeIsAnInvalidRequest()
    {
        var ex = ErrorResponseReader.FromStreamError("request_too_large", "Request exceeds the maximum size", null, Route);

        Assert.IsType<InvalidRequestException>(ex);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, ex.StatusCode);
    }

    [Fact]
    public void StreamUnauthenticatedIsAnAuthenticationFailure()
    {
        Assert.IsType<AuthenticationFailedException>(ErrorResponseReader.FromStreamError("UNAUTHENTICATED", "Request had invalid authentication credentials", null, Route));
    }

    [Fact]
    public void StreamFailedPreconditionIsAnInvalidRequest()
    {
        Assert.IsType<InvalidRequestException>(ErrorResponseReader.FromStreamError("FAILED_PRECONDITION", "User location is not supported for the API use.", null, Route));
    }

    [Fact]
    public void InsufficientQuotaSaysToAddCreditsNotToRetry()
    {
        var ex = Read(429, """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""",
            h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(20)));

        Assert.False(ex.IsTransient);
        Assert.Contains("add credits", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("retry after", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("retry later", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
