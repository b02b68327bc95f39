// Failover, budgets and tags, offline: the pipeline runs against FakeGateway posing as Vercel's AI Gateway.
//
//   dotnet run --project samples/AiGateway.Samples.Resilience
//
// 1. The first model answers 503; failover moves to the fallback model and says who answered.
// 2. Tags and user from defaults, an ambient scope and the request reach the wire (Vercel: providerOptions.gateway).
// 3. A call whose worst-case cost would break the daily budget is refused before anything is sent.
using System.Net;
using System.Text.Json;
using AiGateway.Client;
using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

const string Primary = "openai/gpt-5-mini";
const string Fallback = "anthropic/claude-haiku-4.5";

var fake = new FakeGateway
{
    // The primary model is down; everything else answers.
    Responder = request => request.Model == Primary
        ? FakeReply.WithError(HttpStatusCode.ServiceUnavailable)
        : FakeReply.WithText($"Answered by {request.Model}."),
};

var services = new ServiceCollection();
services.AddAiGateway(options =>
    {
        // Vercel is detected from this variable as it would be on Vercel; the key is a placeholder.
        options.Environment = EnvironmentSource.FromDictionary([new("AI_GATEWAY_API_KEY", "placeholder-not-a-real-key")]);
        options.DefaultModel = Primary;
    })
    .UseBudget(budget =>
    {
        budget.Rules.Add(BudgetRule.Global("daily", 1.00m, BudgetWindow.PerDay));
        budget.OnThresholdReached = t => Console.WriteLine($"   budget: rule '{t.Rule.Name}' crossed {t.Threshold:P0}");
    })
    .UseTags(tags => tags.DefaultTags.Add("app:resilience-sample"))
    .UseFailover([Fallback], failover =>
    {
        failover.MaxAttemptsPerTarget = 2;
        failover.BackoffBase = TimeSpan.FromMilliseconds(20);
        failover.FailOverToDetectedGateways = false;
    });
services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fake);

await using var provider = services.BuildServiceProvider();
var chat = provider.GetRequiredService<IChatClient>();
Console.WriteLine($"Gateway: {chat.GetService<GatewayEnvironment>()?.Primary.Name} (FakeGateway answers; no network is used)");

Console.WriteLine();
Console.WriteLine("1. Failover: the primary model answers 503");
var answer = await chat.GetResponseAsync("Hello!", new ChatOptions { MaxOutputTokens = 200 });
foreach (var request in fake.Requests)
{
    Console.WriteLine($"   sent to {request.Model}");
}

Console.WriteLine($"   answer: {answer.Text}");
Console.WriteLine($"   answered by {answer.AdditionalProperties?[AiGatewayPropertyKeys.CatalogModelId]} after {answer.AdditionalProperties?[AiGatewayPropertyKeys.Attempts]} attempts");

Console.WriteLine();
Console.WriteLine("2. Tags and user on the outgoing request");
using (AiGatewayScope.Begin(["team:search"], "user-42"))
{
    await chat.GetResponseAsync("Summarise this.", new ChatOptions { ModelId = Fallback, MaxOutputTokens = 200 }.WithTags("feature:summary"));
}

var body = fake.Requests[^1].Json!.Value;
var gatewayOptions = body.GetProperty("providerOptions").GetProperty("gateway");
Console.WriteLine($"   providerOptions.gateway = {JsonSerializer.Serialize(gatewayOptions)}");

Console.WriteLine();
Console.WriteLine("3. Budget: a call whose worst case exceeds the $1.00 daily limit");
var sentBefore = fake.Requests.Count;
try
{
    await chat.GetResponseAsync("Write a novel.", new ChatOptions { ModelId = "anthropic/claude-opus-4.1", MaxOutputTokens = 32_000 });
    Console.WriteLine("   unexpectedly allowed");
    return 1;
}
catch (BudgetExceededException ex)
{
    Console.WriteLine($"   refused: {ex.Message}");
    Console.WriteLine($"   requests sent for it: {fake.Requests.Count - sentBefore}");
}

return 0;
