using System.Xml.Linq;
using AiGateway.Client.Testing;

namespace AiGateway.Client.Tests.Testing;

public sealed class FakeGatewayDocumentationTests
{
    [Fact]
    public void IntelliSense_describes_FakeGateway_not_one_of_its_dialect_partials()
    {
        // The XML documentation file ships beside the assembly; IntelliSense shows this member's summary.
        var path = Path.ChangeExtension(typeof(FakeGateway).Assembly.Location, ".xml");
        var summary = XDocument.Load(path).Descendants("member")
            .Single(m => (string?)m.Attribute("name") == "T:AiGateway.Client.Testing.FakeGateway")
            .Element("summary")!.Value.Trim();

        Assert.StartsWith("An in-memory AI gateway", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("rendering of", summary, StringComparison.Ordinal);
    }
}
