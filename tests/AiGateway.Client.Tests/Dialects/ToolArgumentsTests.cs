using System.Text.Json;
using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Tests.Dialects;

/// <summary>Dialects/Json/ToolArguments: the two ways of building a call from parsed arguments give the same arguments.</summary>
public sealed class ToolArgumentsTests
{
    [Theory]
    [InlineData("""{"city":"Paris","days":3,"none":null,"flags":[true,false],"where":{"lat":1.5}}""")]
    [InlineData("""{}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"dup":1,"dup":2}""")]
    public void CreateCallFromElements_gives_the_arguments_of_CreateCall(string json)
    {
        using var document = JsonDocument.Parse(json);

        var expected = ToolArguments.CreateCall("call_1", "f", document.RootElement);
        var actual = ToolArguments.CreateCallFromElements("call_1", "f", document.RootElement);

        Assert.Equal(expected.CallId, actual.CallId);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(Describe(expected.Arguments), Describe(actual.Arguments));
    }

    [Theory]
    [InlineData("""{"city":"Paris","days":3,"none":null,"flags":[true,false],"where":{"lat":1.5}}""")]
    [InlineData("""{"dup":1,"dup":2}""")]
    [InlineData("""{"c\u0069ty":"Paris","city":"Lyon"}""")]
    public void CreateCallFromElements_with_a_name_cache_gives_the_same_arguments(string json)
    {
        using var document = JsonDocument.Parse(json);
        var names = new JsonPropertyNameCache();

        var expected = ToolArguments.CreateCallFromElements("call_1", "f", document.RootElement);
        var first = ToolArguments.CreateCallFromElements("call_1", "f", document.RootElement, names);
        var second = ToolArguments.CreateCallFromElements("call_1", "f", document.RootElement, names);

        Assert.Equal(Describe(expected.Arguments), Describe(first.Arguments));
        Assert.Equal(Describe(expected.Arguments), Describe(second.Arguments));
    }

    [Fact]
    public void A_name_cache_returns_one_instance_per_name()
    {
        using var first = JsonDocument.Parse("""{"city":"Paris"}""");
        using var second = JsonDocument.Parse("""{"c\u0069ty":"Lyon","days":2}""");
        var names = new JsonPropertyNameCache();

        var a = ToolArguments.CreateCallFromElements("call_1", "f", first.RootElement, names).Arguments!.Keys.Single();
        var b = ToolArguments.CreateCallFromElements("call_2", "f", second.RootElement, names).Arguments!.Keys.First();

        Assert.Equal("city", b);
        Assert.Same(a, b);
    }

    private static string? Describe(IDictionary<string, object?>? arguments) => arguments is null
        ? null
        : string.Join(";", arguments.Select(a => $"{a.Key}={a.Value?.GetType().Name}:{(a.Value is JsonElement e ? e.GetRawText() : a.Value)}"));
}
