// The main sample: streams an answer to a prompt through whichever AI gateway the environment provides.
// With no gateway variables it says so in one line and answers from the built-in FakeGateway, offline.
//
//   dotnet run --project samples/AiGateway.Samples.Chat -- "your prompt" [--model openai/gpt-5-mini]
using AiGateway.Client;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var (prompt, model) = ParseArguments(args);

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// Only a machine with no gateway variables at all goes offline; a broken variable is reported, not papered over.
var diagnosis = GatewayEnvironment.Diagnose(new AiGatewayOptions { LoadDotEnvFiles = true });
var offline = diagnosis.NothingConfigured;
if (!offline && !diagnosis.IsUsable)
{
    Console.Error.WriteLine(diagnosis);
    return 1;
}
builder.Services.AddAiGateway(options =>
{
    options.LoadDotEnvFiles = true;
    options.DefaultModel = model;
    if (offline)
    {
        var fake = FakeGateway.CreateOptions(model);
        options.Gateway = fake.Gateway;
        options.BaseUrl = fake.BaseUrl;
        options.ApiKey = fake.ApiKey;
        options.Environment = fake.Environment;
    }
},
// The named HTTP client's primary handler is where an in-memory gateway plugs in.
http => { if (offline) { http.ConfigurePrimaryHttpMessageHandler(() => new FakeGateway()); } });

if (offline)
{
    Console.Error.WriteLine("No AI gateway variables found (run samples/AiGateway.Samples.Doctor to see what is looked for): answering from the built-in FakeGateway, offline.");
}

using var host = builder.Build();
var client = host.Services.GetRequiredService<IChatClient>();
var gatewayName = client.GetService<GatewayEnvironment>()?.Primary.Name;
Console.Error.WriteLine($"Gateway: {gatewayName} · model: {model}");

try
{
    ChatResponseUpdate? last = null;
    await foreach (var update in client.GetStreamingResponseAsync(prompt))
    {
        Console.Write(update.Text);
        last = update;
    }

    Console.WriteLine();
    var usage = last?.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
    if (usage is not null)
    {
        var cost = last!.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.CostUsd, out var c) == true ? $" · ${c:0.######}" : string.Empty;
        Console.Error.WriteLine($"[{usage.InputTokenCount} in / {usage.OutputTokenCount} out tokens{cost}]");
    }

    return 0;
}
catch (AiGatewayException ex)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine($"{ex.GetType().Name}: {ex.Message}");
    return 1;
}

static (string Prompt, string Model) ParseArguments(string[] args)
{
    var model = Environment.GetEnvironmentVariable("AIGATEWAY_MODEL") ?? "openai/gpt-5-mini";
    var words = new List<string>();
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == "--model" && i + 1 < args.Length)
        {
            model = args[++i];
        }
        else
        {
            words.Add(args[i]);
        }
    }

    return (words.Count > 0 ? string.Join(' ', words) : "Say hello in five words.", model);
}
