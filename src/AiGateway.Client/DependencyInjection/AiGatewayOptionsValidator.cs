using AiGateway.Client.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AiGateway.Client.DependencyInjection;

/// <summary>
/// Validates one pipeline's <see cref="AiGatewayOptions"/> (run by <c>ValidateOnStart</c> when the host starts, and on
/// first use outside a host): the values in range and a gateway that can be detected, with messages that name the
/// configuration key to set.
/// </summary>
internal sealed class AiGatewayOptionsValidator(string optionsName, IConfiguration? appConfiguration) : IValidateOptions<AiGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, AiGatewayOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (AiGatewayHttpResilience.Validate(options) is { } resilience)
        {
            failures.Add(resilience);
        }

        if (options.StreamIdleTimeout != Timeout.InfiniteTimeSpan && options.StreamIdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"AiGateway:StreamIdleTimeout is {options.StreamIdleTimeout}; it must be positive, or Timeout.InfiniteTimeSpan to wait for ever.");
        }

        if (options.DefaultModel is { } model && string.IsNullOrWhiteSpace(model))
        {
            failures.Add("AiGateway:DefaultModel is empty; set a catalog model id such as 'claude-sonnet-4-5', or remove the key and pass ChatOptions.ModelId per request.");
        }

        try
        {
            GatewayEnvironment.Detect(options);
        }
        catch (GatewayConfigurationException ex)
        {
            var noSection = appConfiguration is not null && !appConfiguration.GetSection(AiGatewayDefaults.ConfigurationSectionName).Exists()
                ? $" (No '{AiGatewayDefaults.ConfigurationSectionName}' configuration section was found; settings such as AiGateway:Gateway, AiGateway:BaseUrl and AiGateway:ApiKey can go there.)"
                : string.Empty;
            failures.Add(ex.Message + noSection);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
