namespace AiGateway.Client;

/// <summary>
/// The request asked for vectors of a length (<c>EmbeddingGenerationOptions.Dimensions</c>) that the model cannot
/// produce, or that the gateway ignored (it answered with vectors of another length). Thrown before sending when the
/// catalog says the model's length is fixed, and after the answer when the vectors do not have the length asked for,
/// so a vector index never receives vectors of the wrong size.
/// </summary>
public sealed class EmbeddingDimensionsNotSupportedException : InvalidRequestException
{
    /// <summary>Initializes a new instance of the <see cref="EmbeddingDimensionsNotSupportedException"/> class.</summary>
    public EmbeddingDimensionsNotSupportedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EmbeddingDimensionsNotSupportedException"/> class.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public EmbeddingDimensionsNotSupportedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EmbeddingDimensionsNotSupportedException"/> class.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public EmbeddingDimensionsNotSupportedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the vector length the request asked for.</summary>
    public int? RequestedDimensions { get; init; }

    /// <summary>Gets the length the model produces (from the catalog) or the gateway returned.</summary>
    public int? ActualDimensions { get; init; }
}
