using System.Text;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.EndToEnd;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Testing;

/// <summary>FakeGateway scripts hosted tool calls and citations; through AddAiGateway() they come out as MEAI contents in every dialect that has them.</summary>
public sealed class FakeGatewayHostedToolsTests
{
    private const string Answer = "Paris has 2.1 million people.";

    public static TheoryData<ChatDialect, string, bool> Dialects => new()
    {
        { ChatDialect.Messages, "claude-sonnet-4-5", false },
        { ChatDialect.Messages, "claude-sonnet-4-5", true },
        { ChatDialect.Responses, "openai/gpt-5-mini", false },
        { ChatDialect.Responses, "openai/gpt-5-mini", true },
        { ChatDialect.GenerateContent, "gemini-2.5-flash", false },
        { ChatDialect.GenerateContent, "gemini-2.5-flash", true },
    };

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task ScriptedSearchCodeAndCitation_ComeOutAsMeaiContents(ChatDialect dialect, string model, bool stream)
    {
        // The app's view: AddAiGateway() on the direct provider variables, FakeGateway as the HTTP client's primary
        // handler, so each dialect is reached the way an app reaches it (Messages for Claude, generateContent for Gemini).
        using var pipeline = DiPipeline.Create(GatewaySetups.Direct);
        var fake = pipeline.Fake.Enqueue(new FakeReply
        {
            HostedToolCalls = [FakeHostedToolCall.WebSearch("population of Paris", "https://example.org/paris"), FakeHostedToolCall.CodeExecution("print(2.1)", "2.1\n")],
            Citations = [new FakeCitation("https://example.org/paris", "Paris facts")],
            Text = Answer,
        });
        var chat = pipeline.Client;
        var options = new ChatOptions { ModelId = model, Tools = [new HostedWebSearchTool(), new HostedCodeInterpreterTool()] }.WithDialect(dialect);

        var response = stream
            ? await chat.GetStreamingResponseAsync("How many people live in Paris?", options).ToChatResponseAsync()
            : await chat.GetResponseAsync("How many people live in Paris?", options);

        Assert.Equal(dialect, Assert.Single(fake.Requests).Dialect);
        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        Assert.Equal(["population of Paris"], Assert.Single(contents.OfType<WebSearchToolCallContent>()).Queries);
        Assert.Contains(
            Assert.Single(contents.OfType<WebSearchToolResultContent>()).Outputs!.OfType<UriContent>(),
            u => u.Uri == new Uri("https://example.org/paris"));
        var code = Assert.Single(contents.OfType<CodeInterpreterToolCallContent>());
        Assert.Equal("print(2.1)", Encoding.UTF8.GetString(Assert.IsType<DataContent>(Assert.Single(code.Inputs!)).Data.Span));
        var ran = Assert.Single(contents.OfType<CodeInterpreterToolResultContent>());
        Assert.Equal(code.CallId, ran.CallId);
        Assert.Equal("2.1\n", Assert.IsType<TextContent>(Assert.Single(ran.Outputs!)).Text);
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(contents.OfType<TextContent>().SelectMany(t => t.Annotations ?? [])));
        Assert.Equal(new Uri("https://example.org/paris"), citation.Url);
        Assert.Equal("Paris facts", citation.Title);
        Assert.Equal(Answer, response.Text);
    }
}
