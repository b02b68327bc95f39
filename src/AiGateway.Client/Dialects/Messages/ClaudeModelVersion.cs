namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// The family and version a Claude model id names, read from any of its spellings: <c>claude-opus-4.6</c>,
/// <c>claude-opus-4-6</c>, <c>anthropic/claude-sonnet-4-5-20250929</c>, <c>databricks-claude-haiku-4-5</c>,
/// <c>claude-mythos-preview</c>, and the older <c>claude-3-7-sonnet-20250219</c>.
/// </summary>
internal readonly record struct ClaudeModelVersion(string Family, int Major, int Minor)
{
    /// <summary>Reads the family and version, or returns <see langword="null"/> when the id does not name a Claude model.</summary>
    public static ClaudeModelVersion? Parse(string modelId)
    {
        var start = modelId.IndexOf("claude-", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        Span<Range> ranges = stackalloc Range[6];
        var rest = modelId.AsSpan(start + "claude-".Length);
        var count = rest.SplitAny(ranges, "-.@:");
        if (count == 0)
        {
            return null;
        }

        var first = rest[ranges[0]];
        if (IsVersionNumber(first, out var leadingMajor))
        {
            // Claude 3 spelling: claude-3-7-sonnet-20250219, claude-3-opus-20240229.
            var minor = count > 1 && IsVersionNumber(rest[ranges[1]], out var m) ? m : 0;
            for (var i = 1; i < count; i++)
            {
                if (IsWord(rest[ranges[i]]))
                {
                    return new ClaudeModelVersion(rest[ranges[i]].ToString().ToLowerInvariant(), leadingMajor, minor);
                }
            }

            return new ClaudeModelVersion(string.Empty, leadingMajor, minor);
        }

        if (!IsWord(first))
        {
            return null;
        }

        var family = first.ToString().ToLowerInvariant();
        if (count < 2 || !IsVersionNumber(rest[ranges[1]], out var major))
        {
            // claude-mythos-preview: a family without a version number.
            return new ClaudeModelVersion(family, 0, 0);
        }

        var minorVersion = count > 2 && IsVersionNumber(rest[ranges[2]], out var n) ? n : 0;
        return new ClaudeModelVersion(family, major, minorVersion);
    }

    /// <summary>A version part has one or two digits (a date suffix such as <c>20250514</c> is not one).</summary>
    private static bool IsVersionNumber(ReadOnlySpan<char> part, out int value)
    {
        value = 0;
        if (part.Length is 0 or > 2)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool IsWord(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
