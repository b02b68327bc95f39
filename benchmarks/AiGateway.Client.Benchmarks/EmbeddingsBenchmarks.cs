using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using AiGateway.Client.Embeddings;
using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using BenchmarkDotNet.Attributes;
using OpenAI;
using OpenAI.Embeddings;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Our <see cref="AiGatewayEmbeddingGenerator"/> vs the official OpenAI .NET SDK 2.15.0's <see cref="EmbeddingClient"/>
/// on the same request (16 short texts) and the same in-memory answer: 16 vectors of 1,536 floats written as JSON
/// numbers, as <c>encoding_format: float</c> returns them (what this client asks for; the SDK reads it too). Each side
/// writes its request, sends it through an in-memory handler and reads every vector into floats.
/// </summary>
[MemoryDiagnoser]
public class EmbeddingsBenchmarks
{
    private const int Inputs = 16;
    private const int Dimensions = 1536;
    private static readonly Uri BaseUri = new("https://bench.test/v1/");
    private readonly string[] _texts = Enumerable.Range(0, Inputs).Select(i => $"Document {i}: the quick brown fox jumps over the lazy dog.").ToArray();

    private AiGatewayEmbeddingGenerator _ours = null!;
    private EmbeddingClient _sdk = null!;

    /// <summary>
    /// Sets up and checks every benchmark. Synchronous on purpose: a failed setup check of a Task-returning
    /// [GlobalSetup] never surfaced under BenchmarkDotNet's in-process toolchain (the benchmarks ran and reported
    /// numbers), so checks and warm-up run to completion here and a failure fails the benchmark.
    /// </summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var payload = Payload(_texts);
        _ours = new AiGatewayEmbeddingGenerator(
            new AiGatewayOptions { BaseUrl = BaseUri, ApiKey = "bench-key", EmbeddingModel = "text-embedding-3-small", Environment = EnvironmentSource.FromDictionary([]) },
            new HttpClient(new InMemoryHandler(payload, "application/json")));
        _sdk = new EmbeddingClient(
            "text-embedding-3-small",
            new ApiKeyCredential("bench-key"),
            new OpenAIClientOptions { Endpoint = BaseUri, Transport = new HttpClientPipelineTransport(new HttpClient(new InMemoryHandler(payload, "application/json"))) });

        // Each benchmark returns the sum of what it read; check both against the payload's own values once.
        var expected = _texts.Sum(t => (double)FakeGateway.EmbedText(t, Dimensions).Sum());
        SetupCheck.True(Math.Abs(expected - await OpenAISdkEmbed()) < 1e-3, "the OpenAI SDK's vectors sum to the payload's");
        SetupCheck.True(Math.Abs(expected - await AiGatewayEmbed()) < 1e-3, "AiGateway's vectors sum to the payload's");
    }

    [GlobalCleanup]
    public void Cleanup() => _ours.Dispose();

    [Benchmark(Baseline = true, Description = "OpenAI SDK: GenerateEmbeddings 16x1536")]
    public async Task<double> OpenAISdkEmbed()
    {
        OpenAIEmbeddingCollection embeddings = await _sdk.GenerateEmbeddingsAsync(_texts);
        var sum = 0d;
        foreach (var embedding in embeddings)
        {
            foreach (var value in embedding.ToFloats().Span)
            {
                sum += value;
            }
        }

        return sum;
    }

    [Benchmark(Description = "AiGateway: GenerateAsync 16x1536")]
    public async Task<double> AiGatewayEmbed()
    {
        var embeddings = await _ours.GenerateAsync(_texts);
        var sum = 0d;
        foreach (var embedding in embeddings)
        {
            foreach (var value in embedding.Vector.Span)
            {
                sum += value;
            }
        }

        return sum;
    }

    /// <summary>An OpenAI embeddings answer for <paramref name="texts"/>: FakeGateway's deterministic vectors as JSON numbers.</summary>
    private static byte[] Payload(string[] texts)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (var i = 0; i < texts.Length; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                writer.WriteStartArray("embedding");
                foreach (var value in FakeGateway.EmbedText(texts[i], Dimensions))
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", "text-embedding-3-small");
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", texts.Length * 12);
            writer.WriteNumber("total_tokens", texts.Length * 12);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
