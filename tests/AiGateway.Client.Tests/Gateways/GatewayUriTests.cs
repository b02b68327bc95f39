using AiGateway.Client.Gateways;

namespace AiGateway.Client.Tests.Gateways;

public sealed class GatewayUriTests
{
    [Theory]
    [InlineData("https://user:pass@host.example.com:8443/a/b?key=1#f", "https://host.example.com:8443/a/b")]
    [InlineData("https://host.example.com", "https://host.example.com/")]
    public void Display_leaves_out_user_info_query_and_fragment(string uri, string expected)
    {
        Assert.Equal(expected, GatewayUri.Display(new Uri(uri)));
    }

    [Theory]
    [InlineData("https://h/api/ai", "https://h/api/ai/v1/")]
    [InlineData("https://h/api/ai/V1/", "https://h/api/ai/v1/")]
    [InlineData("https://h/", "https://h/v1/")]
    public void With_single_trailing_segment_ends_in_exactly_one(string uri, string expected)
    {
        Assert.Equal(expected, GatewayUri.WithSingleTrailingSegment(new Uri(uri), "v1").AbsoluteUri);
    }

    [Theory]
    [InlineData("gemini?alt=json")]
    [InlineData("gemini 2")]
    [InlineData("gemini#x")]
    public void A_gemini_model_id_that_would_break_the_path_is_rejected(string wireModelId)
    {
        Assert.Throws<ArgumentException>(() => DialectPaths.GenerateContent(wireModelId, streaming: false));
    }
}
