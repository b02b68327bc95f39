using AiGateway.Client.Dialects.GenerateContent;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>Dialects/GenerateContent/GenerateContentChunkStrings: a stream's call ids are the mapper's.</summary>
public sealed class GenerateContentChunkStringsTests
{
    [Fact]
    public void Stream_call_ids_equal_the_mapper_call_ids_as_the_response_id_changes()
    {
        var strings = new GenerateContentChunkStrings();
        (string? ResponseId, int Ordinal)[] calls = [("r1", 0), ("r1", 1), ("r2", 12), (null, 3), (string.Empty, 4), ("r1", 5), ("r1", 9), ("r1", 10), ("r1", 99), ("r1", 100), ("r1", 1_000_000), ("r1", int.MaxValue)];

        foreach (var (responseId, ordinal) in calls)
        {
            Assert.Equal(
                GenerateContentResponseMapper.GenerateCallId(responseId, ordinal, "get_weather"),
                strings.GenerateCallId(responseId, ordinal, "get_weather"));
        }
    }
}
