namespace AiGateway.Client.Dialects;

/// <summary>Creates <see cref="IndexedList{T}"/>s (type inference for the struct).</summary>
internal static class IndexedListFactory
{
    /// <summary>Enumerates <paramref name="list"/> by index, without boxing an enumerator.</summary>
    public static IndexedList<T> Indexed<T>(this IList<T> list) => new(list);
}
