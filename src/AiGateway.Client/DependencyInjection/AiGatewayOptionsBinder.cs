using Microsoft.Extensions.Configuration;

namespace AiGateway.Client.DependencyInjection;

/// <summary>
/// Binds an <c>AiGateway</c> configuration section to <see cref="AiGatewayOptions"/> and refuses a setting the options
/// do not have, so a misspelled key (<c>AiGateway:DefaultModle</c>) fails with its name instead of being ignored.
/// </summary>
internal static class AiGatewayOptionsBinder
{
    /// <summary>The settings a configuration section may hold (the code-only ones, such as the clock, are left out).</summary>
    internal static readonly string[] Keys =
    [
        nameof(AiGatewayOptions.Gateway), nameof(AiGatewayOptions.DefaultModel), nameof(AiGatewayOptions.BaseUrl),
        nameof(AiGatewayOptions.ApiKey), nameof(AiGatewayOptions.AccountId), nameof(AiGatewayOptions.GatewayId),
        nameof(AiGatewayOptions.GatewayToken), nameof(AiGatewayOptions.DotEnvDirectory), nameof(AiGatewayOptions.PreferredDialect),
        nameof(AiGatewayOptions.StrictModels), nameof(AiGatewayOptions.CatalogRefreshTtl), nameof(AiGatewayOptions.RefreshCatalogInBackground),
        nameof(AiGatewayOptions.LoadDotEnvFiles), nameof(AiGatewayOptions.EnableSensitiveTelemetryData), nameof(AiGatewayOptions.StreamIdleTimeout),
        nameof(AiGatewayOptions.TimeToFirstByte), nameof(AiGatewayOptions.MaxRetries), nameof(AiGatewayOptions.MaxRetryDelay),
        nameof(AiGatewayOptions.EmbeddingModel), nameof(AiGatewayOptions.ImageModel), nameof(AiGatewayOptions.IncludeStreamingRawRepresentation),
    ];

    /// <summary>Binds <paramref name="section"/> onto <paramref name="options"/>.</summary>
    /// <exception cref="GatewayConfigurationException">The section holds a setting the options do not have, or a value that does not convert.</exception>
    public static void Bind(IConfiguration section, AiGatewayOptions options)
    {
        var path = (section as IConfigurationSection)?.Path ?? AiGatewayDefaults.ConfigurationSectionName;
        foreach (var child in section.GetChildren())
        {
            // A child with children of its own may be a keyed pipeline's section ("AiGateway:Fast"): not a setting.
            if (child.Value is not null && !Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new GatewayConfigurationException(
                    $"Configuration key '{child.Path}' is not an AiGateway setting; check its spelling. The settings are: {string.Join(", ", Keys)}.");
            }
        }

        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the type, never the value (which may be a key).
            throw new GatewayConfigurationException($"A value in configuration section '{path}' could not be read: {ex.Message}", ex);
        }
    }
}
