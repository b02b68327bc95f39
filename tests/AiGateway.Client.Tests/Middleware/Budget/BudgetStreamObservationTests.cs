using System.Text;
using AiGateway.Client.Middleware.Budget;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetStreamObservationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("héllo wörld")]
    [InlineData("日本語のテキスト")]
    [InlineData("emoji 😀 and 🎉")]
    [InlineData("mixed: a é 日 😀 z")]
    public void Utf8_length_of_a_chunk_text_is_its_utf8_byte_count(string text) =>
        Assert.Equal(Encoding.UTF8.GetByteCount(text), BudgetStreamObservation.Utf8Length(text));

    [Fact]
    public void Utf8_length_matches_the_encoder_on_random_well_formed_texts_short_and_long()
    {
        var random = new Random(12);
        for (var i = 0; i < 2000; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 100);
            for (var j = 0; j < length; j++)
            {
                // Any scalar value: ASCII, two- and three-byte ranges, and supplementary planes (surrogate pairs).
                var scalar = random.Next(4) switch
                {
                    0 => random.Next(0x20, 0x80),
                    1 => random.Next(0x80, 0x800),
                    2 => random.Next(0x800, 0xD800),
                    _ => random.Next(0x10000, 0x110000),
                };
                text.Append(char.ConvertFromUtf32(scalar));
            }

            var value = text.ToString();
            Assert.Equal(Encoding.UTF8.GetByteCount(value), BudgetStreamObservation.Utf8Length(value));
        }
    }

    [Fact]
    public void Output_tokens_count_the_text_and_reasoning_of_every_update()
    {
        var observation = new BudgetStreamObservation();

        observation.Observe(new ChatResponseUpdate(ChatRole.Assistant, "abcd"));
        observation.Observe(new ChatResponseUpdate { Contents = [new TextReasoningContent("éé"), new TextContent("xyz")] });

        // 4 + 4 + 3 bytes, at 4 bytes a token rounded up.
        Assert.Equal(3, observation.OutputTokens);
        Assert.True(observation.AnyUpdate);
    }
}
