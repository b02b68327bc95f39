using System.Net;
using System.Text.Json;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects;

/// <summary>
/// The same behaviours, checked in all four dialects through the real leaf client against <see cref="FakeGateway"/>:
/// each dialect's writer produces a request the fake understands, and each reader turns the fake's answer back
/// into the same Microsoft.Extensions.AI result.
/// </summary>
public sealed class DialectBehaviourMatrixTests
{
    public static TheoryData<ChatDialect> AllDialects => new(Enum.GetValues<ChatDialect>());

    private static readonly AIFunctionDeclaration WeatherTool = AIFunctionFactory.CreateDeclaration(
        "get_weather",
        "Gets the weather for a city.",
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);

    private static (FakeGateway Fake, AiGatewayChatClient Client) Create(ChatDialect dialect, string model = "openai/gpt-4o-mini")
    {
        var fake = new FakeGateway();
        return (fake, new TestGateway().CreateClient(fake, model, dialect));
    }

    private static ChatOptions Options(ChatDialect dialect) => new ChatOptions().WithDialect(dialect);

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task TextAnswerWithUsageAndFinishReason(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(new FakeReply { Text = "Hello there.", InputTokens = 11, OutputTokens = 3 });

        var response = await client.GetResponseAsync("Hi", Options(dialect));

        Assert.Equal("Hello there.", response.Text);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
        Assert.False(string.IsNullOrEmpty(response.ResponseId));
        Assert.Equal(dialect, fake.Requests.Single().Dialect);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task StreamedTextJoinsToTheWholeAnswer(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(new FakeReply { Text = "One two three four five.", StreamChunks = 5, InputTokens = 7, OutputTokens = 6 });

        var updates = await client.GetStreamingResponseAsync("Count", Options(dialect)).ToListAsync();
        var response = updates.ToChatResponse();

        Assert.True(updates.Count(u => u.Text.Length > 0) >= 2, "The text should arrive in several updates.");
        Assert.Equal("One two three four five.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(7, response.Usage?.InputTokenCount);
        Assert.Equal(6, response.Usage?.OutputTokenCount);
        Assert.True(fake.Requests.Single().IsStreaming);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task SystemInstructionsReachTheRequest(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Answer like a pirate."), new ChatMessage(ChatRole.User, "Hi")], Options(dialect));

        Assert.Contains("Answer like a pirate.", fake.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ParallelToolCallsComeBackWithParsedArguments(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}""", "call_1"), new FakeToolCall("get_weather", """{"city":"Oslo"}""", "call_2")));
        var options = Options(dialect);
        options.Tools = [WeatherTool];

        var response = await client.GetResponseAsync("Weather in Paris and Oslo?", options);

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal("get_weather", c.Name));
        Assert.Equal(["Paris", "Oslo"], calls.Select(c => c.Arguments!["city"]!.ToString()));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Contains("get_weather", fake.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task StreamedToolCallsAreAssembled(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("get_weather", """{"city":"Lisbon","unit":"celsius"}""", "call_9")));
        var options = Options(dialect);
        options.Tools = [WeatherTool];

        var response = (await client.GetStreamingResponseAsync("Weather?", options).ToListAsync()).ToChatResponse();

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("Lisbon", call.Arguments!["city"]!.ToString());
        Assert.Equal("celsius", call.Arguments!["unit"]!.ToString());
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ToolLoopSendsTheResultBackAndGetsTheAnswer(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("get_weather", """{"city":"Paris"}""", "call_1")), FakeReply.WithText("It is sunny in Paris."));
        var options = Options(dialect);
        options.Tools = [WeatherTool];
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Paris?")];

        var first = await client.GetResponseAsync(history, options);
        history.AddRange(first.Messages);
        var call = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "sunny, 24°C")]));
        var second = await client.GetResponseAsync(history, options);

        Assert.Equal("It is sunny in Paris.", second.Text);
        var body = fake.Requests[1].Body;
        Assert.Contains("sunny, 24", body, StringComparison.Ordinal);
        Assert.Contains("get_weather", body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task StructuredOutputSchemaIsSentAndJsonComesBack(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(FakeReply.WithText("""{"name":"Ada"}"""));
        var options = Options(dialect);
        options.ResponseFormat = ChatResponseFormat.ForJsonSchema(
            JsonDocument.Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""").RootElement,
            "person");

        var response = await client.GetResponseAsync("Who wrote the first program?", options);

        Assert.Equal("Ada", JsonDocument.Parse(response.Text).RootElement.GetProperty("name").GetString());
        var body = fake.Requests.Single().Body;
        Assert.Contains("\"required\":[\"name\"]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("$schema", body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ReasoningComesBackAsReasoningContent(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(new FakeReply { Reasoning = "Two plus two is four.", Text = "4" });
        var options = Options(dialect);
        options.Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High, Output = ReasoningOutput.Full };

        var response = await client.GetResponseAsync("2+2?", options);

        Assert.Equal("4", response.Text);
        var reasoning = response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Single();
        Assert.Equal("Two plus two is four.", reasoning.Text);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task StreamedReasoningArrivesBeforeTheText(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(new FakeReply { Reasoning = "Thinking it through.", Text = "Done." });
        var options = Options(dialect);
        options.Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium, Output = ReasoningOutput.Full };

        var updates = await client.GetStreamingResponseAsync("Go", options).ToListAsync();

        var firstReasoning = updates.FindIndex(u => u.Contents.OfType<TextReasoningContent>().Any());
        var firstText = updates.FindIndex(u => u.Text.Length > 0);
        Assert.True(firstReasoning >= 0 && firstReasoning < firstText);
        Assert.Equal("Done.", updates.ToChatResponse().Text);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ImagesInAreSentAsDataAndAsUrls(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var message = new ChatMessage(ChatRole.User, [
            new TextContent("What is in these?"),
            new DataContent(png, "image/png"),
            new UriContent(new Uri("https://example.test/cat.jpg"), "image/jpeg"),
        ]);

        await client.GetResponseAsync([message], Options(dialect));

        var body = fake.Requests.Single().Body;
        Assert.Contains(Convert.ToBase64String(png), body, StringComparison.Ordinal);
        Assert.Contains("https://example.test/cat.jpg", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeminiImageOutputBecomesDataContent()
    {
        var (fake, client) = Create(ChatDialect.GenerateContent, "google/gemini-2.5-flash-image");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 9, 9, 9];
        fake.Enqueue(new FakeReply { Text = "Here it is.", Image = (png, "image/png") });

        var response = await client.GetResponseAsync("Draw a dot", Options(ChatDialect.GenerateContent));

        var image = response.Messages.SelectMany(m => m.Contents).OfType<DataContent>().Single();
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(png, image.Data.ToArray());
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task RateLimitWithRetryAfterBecomesRateLimitExceeded(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(FakeReply.WithError(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3)));

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync("Hi", Options(dialect)));

        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
        Assert.True(ex.IsTransient);
        Assert.Equal(dialect, ex.Dialect);
        Assert.False(string.IsNullOrEmpty(ex.ProviderMessage));
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ServerErrorBecomesProviderUnavailable(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(FakeReply.WithError(HttpStatusCode.InternalServerError));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("Hi", Options(dialect)));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task TruncatedStreamIsAnErrorNotAShortAnswer(ChatDialect dialect)
    {
        var (fake, client) = Create(dialect);
        fake.Enqueue(FakeReply.WithTruncatedStream("This answer will be cut"));
        var received = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<MalformedResponseException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi", Options(dialect)))
            {
                received.Add(update);
            }
        });
    }
}
