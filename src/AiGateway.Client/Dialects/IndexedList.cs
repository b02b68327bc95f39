namespace AiGateway.Client.Dialects;

/// <summary>
/// Enumerates an <see cref="IList{T}"/> by index with a struct enumerator: <c>foreach</c> over the interface boxes
/// its enumerator, one allocation per loop, which a request writer pays several times for every message of a long
/// history (<c>foreach (var content in message.Contents.Indexed())</c> pays none).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct IndexedList<T>(IList<T> list)
{
    public Enumerator GetEnumerator() => new(list);

    /// <summary>The enumerator: reads <c>list[i]</c> while <c>i &lt; list.Count</c>.</summary>
    public struct Enumerator(IList<T> list)
    {
        private int _index = -1;

        public readonly T Current => list[_index];

        public bool MoveNext() => ++_index < list.Count;
    }
}
