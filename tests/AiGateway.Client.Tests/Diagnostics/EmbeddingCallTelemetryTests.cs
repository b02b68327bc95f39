using System.Diagnostics;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Diagnostics;

public class EmbeddingCallTelemetryTests
{
    [Fact]
    public async Task A_call_has_an_embeddings_client_span_with_model_dimensions_and_usage()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var fake = new FakeGateway().Enqueue(new FakeReply { InputTokens = 42 });
        using var generator = fake.CreateEmbeddingGenerator();

        await generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions { ModelId = model, Dimensions = 8 });

        var span = Assert.Single(capture.SpansFor(model));
        Assert.Equal(("embeddings " + model, ActivityKind.Client), (span.DisplayName, span.Kind));
        Assert.Equal("embeddings", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(8, span.GetTagItem("gen_ai.embeddings.dimension.count"));
        Assert.Equal(42L, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(nameof(GatewayKind.OpenAICompatible), span.GetTagItem("aigateway.gateway"));
    }

    [Fact]
    public async Task A_failed_call_records_its_status_as_the_error_type()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(System.Net.HttpStatusCode.ServiceUnavailable));
        using var generator = fake.CreateEmbeddingGenerator();

        await Assert.ThrowsAnyAsync<Exception>(() => generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions { ModelId = model }));

        var duration = Assert.Single(capture.MeasurementsFor("gen_ai.client.operation.duration", model));
        Assert.Equal(("embeddings", "503"), (duration.Tag("gen_ai.operation.name"), duration.Tag("error.type")));
    }
}
