#pragma warning disable MEAI001 // Image generation is experimental in Microsoft.Extensions.AI and here; these tests opt in.
using System.Diagnostics;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Diagnostics;

public class ImageCallTelemetryTests
{
    [Fact]
    public async Task A_call_has_a_generate_content_client_span_with_gateway_shape_and_usage()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var fake = new FakeGateway().Enqueue(new FakeReply { InputTokens = 10, OutputTokens = 4160 });
        using var generator = fake.CreateImageGenerator();

        await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { ModelId = model });

        var span = Assert.Single(capture.SpansFor(model));
        Assert.Equal(("generate_content " + model, ActivityKind.Client), (span.DisplayName, span.Kind));
        Assert.Equal("generate_content", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal((10L, 4160L), (span.GetTagItem("gen_ai.usage.input_tokens"), span.GetTagItem("gen_ai.usage.output_tokens")));
        Assert.Equal((nameof(GatewayKind.OpenAICompatible), "OpenAIImages"), (span.GetTagItem("aigateway.gateway"), span.GetTagItem("aigateway.dialect")));
    }

    [Fact]
    public async Task A_call_records_the_operation_duration()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        using var generator = new FakeGateway().CreateImageGenerator();

        await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { ModelId = model });

        var duration = Assert.Single(capture.MeasurementsFor("gen_ai.client.operation.duration", model));
        Assert.Equal("generate_content", duration.Tag("gen_ai.operation.name"));
    }

    [Fact]
    public async Task A_priced_call_puts_its_cost_on_the_span()
    {
        using var capture = new TelemetryCapture();
        var fake = new FakeGateway().Enqueue(new FakeReply { InputTokens = 10, OutputTokens = 4160 });
        using var generator = fake.CreateImageGenerator();
        using var parent = new Activity("test-parent-" + Guid.NewGuid().ToString("N")).Start();

        await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { ModelId = "gpt-image-1" });

        // gpt-image-1: 10 input tokens at $5/M and 4,160 output tokens at $40/M.
        var span = Assert.Single(capture.SpansFor("gpt-image-1"), s => s.ParentSpanId == parent.SpanId);
        Assert.Equal(0.16645, (double)span.GetTagItem("aigateway.cost_usd")!, 6);
    }

    [Fact]
    public async Task A_failed_call_records_its_status_as_the_error_type()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(System.Net.HttpStatusCode.BadRequest));
        using var generator = fake.CreateImageGenerator();

        await Assert.ThrowsAnyAsync<Exception>(() => generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { ModelId = model }));

        var span = Assert.Single(capture.SpansFor(model));
        Assert.Equal((ActivityStatusCode.Error, "400"), (span.Status, span.GetTagItem("error.type")));
    }

    [Fact]
    public async Task Under_meais_open_telemetry_generator_the_outer_span_is_enriched_and_no_second_span_is_made()
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel();
        var sourceName = "test-images-" + Guid.NewGuid().ToString("N");
        var outer = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = outer.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var generator = new FakeGateway().CreateImageGenerator().AsBuilder().UseOpenTelemetry(sourceName: sourceName).Build();

        await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { ModelId = model });

        Assert.Empty(capture.SpansFor(model));
        Assert.Equal(nameof(GatewayKind.OpenAICompatible), Assert.Single(outer).GetTagItem("aigateway.gateway"));
    }
}
