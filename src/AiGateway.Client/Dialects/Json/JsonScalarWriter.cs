using System.Globalization;
using System.Text.Json;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// Writes a CLR value that has one obvious JSON form (null, a <see cref="JsonElement"/>, a string, a bool, a finite
/// number) without reflection serialization. What has no such form is left to the caller, who decides whether it is
/// an error (a tool setting) or becomes its invariant text (a telemetry attribute).
/// </summary>
internal static class JsonScalarWriter
{
    /// <summary>Writes <paramref name="value"/> when it has one obvious JSON form.</summary>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when nothing was written.</returns>
    public static bool TryWrite(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return true;
            case JsonElement element:
                element.WriteTo(writer);
                return true;
            case string s:
                writer.WriteStringValue(s);
                return true;
            case bool b:
                writer.WriteBooleanValue(b);
                return true;
            case int or long or short or byte or uint or ushort or sbyte:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return true;
            case ulong u:
                writer.WriteNumberValue(u);
                return true;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                return true;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                return true;
            case decimal m:
                writer.WriteNumberValue(m);
                return true;
            default:
                return false;
        }
    }
}
