// Usage: AiGateway.Client.BudgetCrashHelper <postgres|redis> <schema or key prefix> <lease seconds> <amount USD>
// Reserves <amount> on the global daily rule "crash" and prints "reserved", then waits until it is killed.
// The server comes from AIGATEWAY_TEST_POSTGRES or AIGATEWAY_TEST_REDIS (never from the command line, which
// process listings show).
using System.Globalization;
using AiGateway.Client;
using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Postgres;
using AiGateway.Client.Redis;

var kind = args[0];
var lease = TimeSpan.FromSeconds(double.Parse(args[2], CultureInfo.InvariantCulture));
var amount = decimal.Parse(args[3], CultureInfo.InvariantCulture);
IBudgetStore store = kind switch
{
    "postgres" => new PostgresBudgetStore(
        Environment.GetEnvironmentVariable("AIGATEWAY_TEST_POSTGRES")!,
        new PostgresBudgetStoreOptions { Schema = args[1], PurgeInterval = null }),
    "redis" => await RedisBudgetStore.ConnectAsync(
        Environment.GetEnvironmentVariable("AIGATEWAY_TEST_REDIS")!,
        new RedisBudgetStoreOptions { KeyPrefix = args[1] }),
    _ => throw new ArgumentException($"Unknown store '{kind}'; use postgres or redis."),
};

var rule = BudgetRule.Global("crash", amount, BudgetWindow.PerDay);
var result = await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(rule, "")], amount, DateTimeOffset.UtcNow, lease));
Console.WriteLine(result.IsReserved ? "reserved" : "refused");
Console.Out.Flush();
await Task.Delay(Timeout.Infinite);
