namespace AiGateway.Client;

/// <summary>The token a hand-written async enumerator observes, combined as the compiler combines an iterator's.</summary>
internal static class AsyncEnumeratorTokens
{
    /// <summary>
    /// Combines the token a call was made with and the one given to <c>GetAsyncEnumerator</c> as the compiler combines an
    /// async iterator's <c>[EnumeratorCancellation]</c> parameter: either alone when the other is none or the same, else
    /// a linked token (whose source <paramref name="linked"/> the enumerator disposes when it ends).
    /// </summary>
    public static CancellationToken Combine(CancellationToken callToken, CancellationToken enumeratorToken, out CancellationTokenSource? linked)
    {
        linked = null;
        if (callToken.Equals(default))
        {
            return enumeratorToken;
        }

        if (enumeratorToken.Equals(callToken) || enumeratorToken.Equals(default))
        {
            return callToken;
        }

        linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, enumeratorToken);
        return linked.Token;
    }
}
