using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// The property names a stream repeats in every event (the argument names of a tool called again and again): each read
/// compares the name with the names seen so far and allocates only a new one, so a stream allocates each name once.
/// Holds at most <see cref="Capacity"/> names; others are read as usual. Not thread-safe: one per stream.
/// </summary>
internal sealed class JsonPropertyNameCache
{
    /// <summary>The most names kept.</summary>
    public const int Capacity = 16;

    private readonly List<(byte[] Utf8, string Name)> _names = [];

    /// <summary>Gets the name of <paramref name="property"/>, the cached instance when it was seen before.</summary>
    public string Read(JsonProperty property)
    {
        foreach (var (utf8, cached) in _names)
        {
            if (property.NameEquals(utf8))
            {
                return cached;
            }
        }

        var name = property.Name;
        if (_names.Count < Capacity)
        {
            _names.Add((Encoding.UTF8.GetBytes(name), name));
        }

        return name;
    }
}
