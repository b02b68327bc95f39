// Embeds a few texts through whichever AI gateway the environment provides and prints their cosine similarities.
// With no gateway variables it says so in one line and embeds offline with the built-in FakeGateway, whose vectors
// come from hashed words, so texts that share words still come out as similar.
//
//   dotnet run --project samples/AiGateway.Samples.Embeddings -- [--model text-embedding-3-small] [--dimensions 256] ["text" …]
using AiGateway.Client;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var (model, dimensions, texts) = ParseArguments(args);

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

builder.Services.AddAiGatewayEmbeddings(options =>
{
    options.LoadDotEnvFiles = true;
    options.EmbeddingModel = model;
    if (offline)
    {
        var fake = FakeGateway.CreateOptions();
        options.Gateway = fake.Gateway;
        options.BaseUrl = fake.BaseUrl;
        options.ApiKey = fake.ApiKey;
        options.Environment = fake.Environment;
    }
});

if (offline)
{
    // The named HTTP client's primary handler is where an in-memory gateway plugs in.
    builder.Services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new FakeGateway());
    Console.Error.WriteLine("No AI gateway variables found (run samples/AiGateway.Samples.Doctor to see what is looked for): embedding with the built-in FakeGateway, offline.");
}

using var host = builder.Build();
var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
Console.Error.WriteLine($"Gateway: {generator.GetService<EmbeddingGeneratorMetadata>()?.ProviderName} · model: {model}");

try
{
    var embeddings = await generator.GenerateAsync(texts, new EmbeddingGenerationOptions { Dimensions = dimensions });
    Console.WriteLine($"{embeddings.Count} texts, {embeddings[0].Dimensions} dimensions each.");
    for (var i = 0; i < texts.Length; i++)
    {
        Console.WriteLine($"  [{i}] {texts[i]}");
    }

    Console.WriteLine("Cosine similarity:");
    Console.WriteLine("       " + string.Concat(Enumerable.Range(0, texts.Length).Select(j => $"{"[" + j + "]",7}")));
    for (var i = 0; i < texts.Length; i++)
    {
        var row = Enumerable.Range(0, texts.Length)
            .Select(j => $"{Cosine(embeddings[i].Vector.Span, embeddings[j].Vector.Span),7:0.000}");
        Console.WriteLine($"  [{i}]  " + string.Concat(row));
    }

    var cost = embeddings.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.CostUsd, out var c) == true ? $" · ${c:0.########}" : string.Empty;
    Console.Error.WriteLine($"[{embeddings.Usage?.InputTokenCount} input tokens{cost}]");
    return 0;
}
catch (AiGatewayException ex)
{
    Console.Error.WriteLine($"{ex.GetType().Name}: {ex.Message}");
    return 1;
}

static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
{
    double dot = 0, normA = 0, normB = 0;
    for (var i = 0; i < a.Length; i++)
    {
        dot += a[i] * b[i];
        normA += a[i] * a[i];
        normB += b[i] * b[i];
    }

    return normA == 0 || normB == 0 ? 0 : dot / Math.Sqrt(normA * normB);
}

static (string Model, int? Dimensions, string[] Texts) ParseArguments(string[] args)
{
    var model = "openai/text-embedding-3-small";
    int? dimensions = null;
    var texts = new List<string>();
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == "--model" && i + 1 < args.Length)
        {
            model = args[++i];
        }
        else if (args[i] == "--dimensions" && i + 1 < args.Length && int.TryParse(args[i + 1], out var d))
        {
            dimensions = d;
            i++;
        }
        else
        {
            texts.Add(args[i]);
        }
    }

    return (model, dimensions, texts.Count > 0
        ? [.. texts]
        : ["The cat sat on the mat.", "A cat was sitting on a mat.", "Quarterly revenue grew by ten percent.", "Revenue for the quarter grew strongly."]);
}
