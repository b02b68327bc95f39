using AiGateway.Client.Gateways;

namespace AiGateway.Client.Catalog;

/// <summary>Resolves any model id or alias to one <see cref="CatalogModel"/>.</summary>
public interface IModelCatalog
{
    /// <summary>Gets every model the catalog knows.</summary>
    IReadOnlyCollection<CatalogModel> Models { get; }

    /// <summary>
    /// Resolves <paramref name="modelId"/> (any alias form, any case). An unknown id yields an ad-hoc model by the
    /// mechanical rule (<see cref="CatalogModel.IsKnown"/> is <see langword="false"/>), unless the catalog is strict,
    /// in which case <see cref="ModelNotFoundException"/> names the nearest ids.
    /// </summary>
    /// <param name="modelId">The id as the caller wrote it.</param>
    /// <returns>The model.</returns>
    CatalogModel Resolve(string modelId);

    /// <summary>Finds a known model by any alias.</summary>
    /// <param name="modelId">The id as the caller wrote it.</param>
    /// <param name="model">The model, when found.</param>
    /// <returns><see langword="true"/> when the catalog knows the id.</returns>
    bool TryFind(string modelId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CatalogModel? model);

    /// <summary>Gets the catalog ids nearest to <paramref name="modelId"/> (edit distance), best first.</summary>
    /// <param name="modelId">The id as the caller wrote it.</param>
    /// <param name="count">How many to return at most.</param>
    /// <returns>The nearest canonical ids.</returns>
    IReadOnlyList<string> Suggest(string modelId, int count = 3);

    /// <summary>
    /// Gets the catalog ids nearest to <paramref name="modelId"/> among the models the catalog knows
    /// <paramref name="gateway"/> to serve (<see cref="CatalogModel.IsListedBy"/>), best first, leaving out the model
    /// the id itself resolves to: what to offer when that gateway answers that it does not know the model.
    /// </summary>
    /// <param name="modelId">The id as the caller wrote it.</param>
    /// <param name="gateway">The gateway that refused it.</param>
    /// <param name="count">How many to return at most.</param>
    /// <returns>The nearest canonical ids.</returns>
    IReadOnlyList<string> Suggest(string modelId, GatewayKind gateway, int count = 3) => Suggest(modelId, count);

    /// <summary>
    /// Merges what <paramref name="gateway"/> lists at its models endpoint over the catalog. A failure leaves the
    /// catalog as it was and never throws to callers of chat requests.
    /// </summary>
    /// <param name="gateway">The gateway to ask.</param>
    /// <param name="httpClient">The client to send with.</param>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <returns><see langword="true"/> when the refresh succeeded.</returns>
    Task<bool> RefreshAsync(GatewayProfile gateway, HttpClient httpClient, CancellationToken cancellationToken = default);
}
