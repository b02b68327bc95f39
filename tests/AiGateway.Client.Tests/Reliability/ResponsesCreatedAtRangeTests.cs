using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Reliability;

/// <summary>
/// A Responses <c>created_at</c> that no <see cref="DateTimeOffset"/> can hold (beyond year 9999) is treated as
/// absent, as Chat Completions already treats its <c>created</c>: the answer itself is fine. Before, it threw a raw
/// <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
public sealed class ResponsesCreatedAtRangeTests
{
    [Theory]
    [InlineData("99999999999999")]
    [InlineData("253402300800")]
    [InlineData("1e300")]
    public async Task An_out_of_range_created_at_in_a_whole_answer_reads_as_no_timestamp(string createdAt)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(WireBodies.ResponsesWhole(createdAt), WireBodies.Json));

        var response = await client.GetResponseAsync("Hi", new ChatOptions().WithDialect(ChatDialect.Responses));

        Assert.Equal("Hi", response.Text);
        Assert.Null(response.CreatedAt);
    }

    [Theory]
    [InlineData("99999999999999")]
    [InlineData("1e300")]
    public async Task An_out_of_range_created_at_in_a_stream_reads_as_no_timestamp(string createdAt)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(WireBodies.ResponsesStream(createdAt), WireBodies.EventStream));

        var updates = await client.GetStreamingResponseAsync("Hi", new ChatOptions().WithDialect(ChatDialect.Responses)).ToListAsync();

        Assert.Equal("Hi", updates.ToChatResponse().Text);
        Assert.All(updates, u => Assert.Null(u.CreatedAt));
    }

    [Fact]
    public async Task An_in_range_created_at_is_still_read()
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(WireBodies.ResponsesWhole("1700000000"), WireBodies.Json));

        var response = await client.GetResponseAsync("Hi", new ChatOptions().WithDialect(ChatDialect.Responses));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), response.CreatedAt);
    }
}
