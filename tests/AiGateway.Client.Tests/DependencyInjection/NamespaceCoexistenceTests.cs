// Every public namespace of the library (AiGateway.Client itself is in scope as this namespace's parent) imported beside Microsoft.Extensions.AI (and DI) in one file: a simple name
// that both define would make this file fail to compile (CS0104), as MEAI 11's FailoverChatClient once did.
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Middleware.Failover;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.DependencyInjection;

public sealed class NamespaceCoexistenceTests
{
    [Fact]
    public void Our_types_and_MEAI_types_resolve_by_simple_name_in_one_file()
    {
        Type[] ours =
        [
            typeof(AiGatewayChatClient), typeof(IModelCatalog), typeof(AiGatewayTelemetry), typeof(AiGatewayException),
            typeof(GatewayKind), typeof(BudgetRule), typeof(GatewayFailoverChatClient), typeof(AiGatewayScope), typeof(ChatDialect),
            typeof(FakeGateway),
        ];
        Type[] meai = [typeof(ChatClientBuilder), typeof(FunctionInvokingChatClient), typeof(OpenTelemetryChatClient), typeof(DistributedCachingChatClient), typeof(ServiceCollection)];

        Assert.All(ours, t => Assert.StartsWith("AiGateway.Client", t.Namespace, StringComparison.Ordinal));
        Assert.All(meai, t => Assert.StartsWith("Microsoft.Extensions", t.Namespace, StringComparison.Ordinal));
    }

    [Fact]
    public void No_public_type_of_ours_shares_a_simple_name_with_a_type_of_MEAI()
    {
        var meaiNames = typeof(ChatClientBuilder).Assembly.GetExportedTypes()
            .Concat(typeof(IChatClient).Assembly.GetExportedTypes())
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);
        var ours = typeof(AiGatewayChatClient).Assembly.GetExportedTypes()
            .Concat(typeof(FakeGateway).Assembly.GetExportedTypes())
            .Select(t => t.Name);

        Assert.DoesNotContain(ours, meaiNames.Contains);
    }
}
