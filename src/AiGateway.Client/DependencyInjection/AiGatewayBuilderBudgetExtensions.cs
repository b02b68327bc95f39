using AiGateway.Client.DependencyInjection;
using AiGateway.Client.Middleware.Budget;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // Beside AddAiGateway, so `services.AddAiGateway().UseBudget(...)` needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds <see cref="BudgetChatClient"/> to an AI gateway pipeline.</summary>
public static class AiGatewayBuilderBudgetExtensions
{
    /// <summary>
    /// Adds the budget layer: calls reserve their worst-case cost against the rules before sending and settle to
    /// their actual cost after. The store is <see cref="BudgetOptions.Store"/>, else an <see cref="IBudgetStore"/>
    /// registered in DI (keyed by the pipeline's key for a keyed pipeline, then unkeyed), else a new
    /// <see cref="InMemoryBudgetStore"/> for this pipeline. The clock is <see cref="BudgetOptions.TimeProvider"/>,
    /// else a <see cref="TimeProvider"/> registered in DI, else the system clock.
    /// </summary>
    /// <param name="builder">The pipeline's builder.</param>
    /// <param name="configure">Adds the rules and settings.</param>
    /// <returns>The builder.</returns>
    public static AiGatewayBuilder UseBudget(this AiGatewayBuilder builder, Action<BudgetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new BudgetOptions();
        configure(options);
        var serviceKey = builder.ServiceKey;
        return builder.Use((inner, services) =>
        {
            var store = (serviceKey is null ? null : services.GetKeyedService<IBudgetStore>(serviceKey)) ?? services.GetService<IBudgetStore>();
            return new BudgetChatClient(inner, options, store, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>());
        });
    }
}
