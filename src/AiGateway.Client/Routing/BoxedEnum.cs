using System.Runtime.CompilerServices;

namespace AiGateway.Client.Routing;

/// <summary>
/// One boxed instance per defined value of a small, dense enum (values 0..n-1), so storing the value as an
/// <see cref="object"/> (response properties) does not box on every call. Boxes are immutable, so sharing is safe.
/// </summary>
/// <typeparam name="T">The enum type.</typeparam>
internal static class BoxedEnum<T>
    where T : struct, Enum
{
    private static readonly object[] Boxes = Array.ConvertAll(Enum.GetValues<T>(), static v => (object)v);

    /// <summary>Gets the shared box of <paramref name="value"/>, or a new one for a value outside 0..n-1.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The boxed value.</returns>
    public static object Of(T value)
    {
        if (Unsafe.SizeOf<T>() == sizeof(int))
        {
            var index = Unsafe.As<T, int>(ref value);
            if ((uint)index < (uint)Boxes.Length && EqualityComparer<T>.Default.Equals((T)Boxes[index], value))
            {
                return Boxes[index];
            }
        }

        return value;
    }
}
