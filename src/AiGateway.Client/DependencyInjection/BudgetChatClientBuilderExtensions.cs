using AiGateway.Client;
using AiGateway.Client.Middleware.Budget;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // Beside Microsoft.Extensions.AI's own Use* extensions, so the pipeline chain needs no extra using.
namespace Microsoft.Extensions.AI;
#pragma warning restore IDE0130

/// <summary>Adds <see cref="BudgetChatClient"/> to a chat client pipeline.</summary>
public static class BudgetChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the budget layer: calls reserve their worst-case cost against the rules before sending and settle to
    /// their actual cost after. The store is <see cref="BudgetOptions.Store"/>, else an <see cref="IBudgetStore"/>
    /// registered in DI (keyed by the pipeline's key for a pipeline from <c>AddKeyedAiGateway</c>, then unkeyed), else
    /// a new <see cref="InMemoryBudgetStore"/> for this pipeline. The clock is <see cref="BudgetOptions.TimeProvider"/>,
    /// else a <see cref="TimeProvider"/> registered in DI, else the system clock.
    /// </summary>
    /// <param name="builder">The pipeline's builder (from <c>services.AddAiGateway()</c> or any <see cref="ChatClientBuilder"/>).</param>
    /// <param name="configure">Adds the rules and settings.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseBudget(this ChatClientBuilder builder, Action<BudgetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new BudgetOptions();
        configure(options);
        return builder.Use((inner, services) =>
        {
            // A keyed pipeline's leaf knows its key: its budget store may be registered under the same key.
            var serviceKey = (inner.GetService(typeof(AiGatewayChatClient)) as AiGatewayChatClient)?.PipelineKey;
            var store = (serviceKey is null ? null : services.GetKeyedService<IBudgetStore>(serviceKey)) ?? services.GetService<IBudgetStore>();
            return new BudgetChatClient(inner, options, store, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>());
        });
    }
}
