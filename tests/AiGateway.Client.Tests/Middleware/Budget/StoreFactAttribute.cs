namespace AiGateway.Client.Tests.BudgetStores;

/// <summary>A test of the shared store contract; the in-memory store needs no server, so it always runs.</summary>
public sealed class StoreFactAttribute : FactAttribute
{
}
