using System.Collections;

namespace AiGateway.Client.Gateways;

/// <summary>Ready-made <see cref="IEnvironmentSource"/> implementations.</summary>
public static class EnvironmentSource
{
    /// <summary>Gets a source that reads the process environment on every call (so rotated tokens are seen).</summary>
    public static IEnvironmentSource Process { get; } = new ProcessEnvironmentSource();

    /// <summary>Creates a source over a fixed set of variables.</summary>
    /// <param name="variables">The variables.</param>
    /// <returns>The source.</returns>
    public static IEnvironmentSource FromDictionary(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new DictionaryEnvironmentSource(variables);
    }

    /// <summary>Creates a source that answers from <paramref name="first"/> and falls back to <paramref name="second"/>.</summary>
    /// <param name="first">The source that wins.</param>
    /// <param name="second">The fallback.</param>
    /// <returns>The layered source.</returns>
    public static IEnvironmentSource Layered(IEnvironmentSource first, IEnvironmentSource second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return new LayeredEnvironmentSource(first, second);
    }

    /// <summary>
    /// Creates a source over the variables of one <c>.env</c> file, parsed as <c>vercel env pull</c> and
    /// <c>neon env pull</c> write them (comments, quotes, <c>export</c> prefixes). Read once, now.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The source; its <see cref="object.ToString"/> names the file, never a value.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IEnvironmentSource FromDotEnvFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The .env file '{path}' does not exist. Check the path (relative paths start at the current directory, '{Directory.GetCurrentDirectory()}').", path);
        }

        var variables = DotEnvFile.Parse(File.ReadAllText(path));
        return new DotEnvFileSource(Path.GetFileName(path), variables);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed class ProcessEnvironmentSource : IEnvironmentSource
    {
        public string? Get(string name) => NullIfEmpty(Environment.GetEnvironmentVariable(name));

        public override string ToString() => "process environment";
    }

    private sealed class DictionaryEnvironmentSource(IEnumerable<KeyValuePair<string, string?>> variables) : IEnvironmentSource
    {
        private readonly Dictionary<string, string?> _variables = new(variables, StringComparer.Ordinal);

        public string? Get(string name) => _variables.TryGetValue(name, out var value) ? NullIfEmpty(value) : null;

        // Never print values: some are secrets.
        public override string ToString() => $"{_variables.Count} variables";
    }

    private sealed class DotEnvFileSource(string fileName, Dictionary<string, string> variables) : IEnvironmentSource
    {
        public string? Get(string name) => variables.TryGetValue(name, out var value) ? NullIfEmpty(value) : null;

        public override string ToString() => $"{fileName} ({variables.Count} variables)";
    }

    private sealed class LayeredEnvironmentSource(IEnvironmentSource first, IEnvironmentSource second) : IEnvironmentSource
    {
        public string? Get(string name) => first.Get(name) ?? second.Get(name);

        public override string ToString() => $"{first} over {second}";
    }

    internal static IEnumerable<KeyValuePair<string, string?>> ProcessSnapshot()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            yield return new((string)entry.Key, entry.Value as string);
        }
    }
}
