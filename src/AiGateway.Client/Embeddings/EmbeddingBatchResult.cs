namespace AiGateway.Client.Embeddings;

/// <summary>What one embeddings request answered: the vectors in input order, the model that answered and the input tokens.</summary>
internal readonly record struct EmbeddingBatchResult(float[][] Vectors, string? ResponseModel, long? InputTokens);
