using System.Text;
using System.Text.Json;
using AiGateway.Client.Dialects.Messages;

namespace AiGateway.Client.Tests.Dialects.Messages;

public sealed class MessagesTypeNameConverterTests
{
    private static string? Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return new MessagesTypeNameConverter().Read(ref reader, typeof(string), JsonSerializerOptions.Default);
    }

    [Fact]
    public void KnownNamesAreTheSameSharedInstanceEveryTime()
    {
        var first = Read("\"content_block_delta\"");
        var second = Read("\"content_block_delta\"");

        Assert.Equal("content_block_delta", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void UnknownNamesAreReadAsTheyAre()
    {
        Assert.Equal("hologram_delta", Read("\"hologram_delta\""));
    }

    [Fact]
    public void EscapedNamesAreUnescaped()
    {
        Assert.Equal("text_delta", Read("\"text\\u005Fdelta\""));
    }

    [Fact]
    public void NullIsNull()
    {
        Assert.Null(Read("null"));
    }
}
