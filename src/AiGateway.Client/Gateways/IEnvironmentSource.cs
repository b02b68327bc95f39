namespace AiGateway.Client.Gateways;

/// <summary>
/// A source of environment variables. The default reads the process environment; tests and apps that keep
/// settings elsewhere supply their own (see <see cref="EnvironmentSource"/>).
/// </summary>
public interface IEnvironmentSource
{
    /// <summary>Gets the value of a variable, or <see langword="null"/> when it is not set or empty.</summary>
    /// <param name="name">The variable name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    string? Get(string name);
}
