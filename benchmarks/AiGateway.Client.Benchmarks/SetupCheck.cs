namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Checks made once in <c>[GlobalSetup]</c> on what each measured client produced, so a broken client fails the
/// benchmark (BenchmarkDotNet reports NA) instead of producing a fast-looking number.
/// </summary>
internal static class SetupCheck
{
    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new InvalidOperationException($"Benchmark setup check failed: {what} was '{Shorten(actual)}', expected '{Shorten(expected)}'.");
        }
    }

    public static void True(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup check failed: {what}.");
        }
    }

    private static string Shorten<T>(T value)
    {
        var text = value?.ToString() ?? "null";
        return text.Length <= 120 ? text : $"{text[..60]}…{text[^60..]} ({text.Length} chars)";
    }
}
