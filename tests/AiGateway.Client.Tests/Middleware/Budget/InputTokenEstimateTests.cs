using AiGateway.Client.Middleware.Budget;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class InputTokenEstimateTests
{
    private const int Fixed = InputTokenEstimate.PerMessage + InputTokenEstimate.ReplyPriming;

    [Fact]
    public void Text_counts_a_quarter_of_its_utf8_bytes_rounded_up()
    {
        var tokens = InputTokenEstimate.Estimate([new ChatMessage(ChatRole.User, "hello")], null);

        Assert.Equal(2 + Fixed, tokens);
    }

    [Fact]
    public void Non_latin_text_counts_by_bytes_not_characters()
    {
        const string japanese = "こんにちは世界";

        var tokens = InputTokenEstimate.Estimate([new ChatMessage(ChatRole.User, japanese)], null);

        Assert.Equal(((japanese.Length * 3) + 3) / 4 + Fixed, tokens);
        Assert.True(tokens - Fixed > japanese.Length / 4);
    }

    [Fact]
    public void Each_image_counts_a_fixed_allowance()
    {
        var message = new ChatMessage(ChatRole.User, [new DataContent(new byte[10_000], "image/png"), new UriContent(new Uri("https://example.test/a.jpg"), "image/jpeg")]);

        Assert.Equal((2 * InputTokenEstimate.PerImage) + Fixed, InputTokenEstimate.Estimate([message], null));
    }

    [Fact]
    public void Instructions_and_tool_definitions_count()
    {
        var bare = InputTokenEstimate.Estimate([new ChatMessage(ChatRole.User, "hi")], null);
        var options = new ChatOptions
        {
            Instructions = new string('i', 40),
            Tools = [AIFunctionFactory.Create((string city) => city, "weather", "Gets the weather for a city.")],
        };

        var withExtras = InputTokenEstimate.Estimate([new ChatMessage(ChatRole.User, "hi")], options);

        Assert.True(withExtras >= bare + 10 + InputTokenEstimate.PerToolOverhead);
    }

    [Fact]
    public void Every_message_adds_its_overhead()
    {
        var one = InputTokenEstimate.Estimate([new ChatMessage(ChatRole.User, "abcd")], null);
        var two = InputTokenEstimate.Estimate([new ChatMessage(ChatRole.User, "abcd"), new ChatMessage(ChatRole.Assistant, "abcd")], null);

        Assert.Equal(1 + InputTokenEstimate.PerMessage, two - one);
    }
}
