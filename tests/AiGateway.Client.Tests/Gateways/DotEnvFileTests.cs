using AiGateway.Client.Gateways;

namespace AiGateway.Client.Tests.Gateways;

public sealed class DotEnvFileTests
{
    [Fact]
    public void Parses_what_vercel_env_pull_writes()
    {
        var variables = DotEnvFile.Parse("# Created by Vercel CLI\nVERCEL_OIDC_TOKEN=\"eyJhbGciOiJSUzI1NiJ9.e30.sig\"\nVERCEL_ENV=\"development\"\n");

        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.e30.sig", variables["VERCEL_OIDC_TOKEN"]);
        Assert.Equal("development", variables["VERCEL_ENV"]);
        Assert.Equal(2, variables.Count);
    }

    [Fact]
    public void Parses_what_neon_env_pull_writes()
    {
        var variables = DotEnvFile.Parse("NEON_AI_GATEWAY_TOKEN=nt_live_abc\nNEON_AI_GATEWAY_BASE_URL=https://br-x-api.ai.c-2.us-east-2.aws.neon.tech\n");

        Assert.Equal("nt_live_abc", variables["NEON_AI_GATEWAY_TOKEN"]);
        Assert.Equal("https://br-x-api.ai.c-2.us-east-2.aws.neon.tech", variables["NEON_AI_GATEWAY_BASE_URL"]);
    }

    [Theory]
    [InlineData("A=plain", "plain")]
    [InlineData("A = spaced  ", "spaced")]
    [InlineData("export A=exported", "exported")]
    [InlineData("A=value # comment", "value")]
    [InlineData("A=value#not-a-comment", "value#not-a-comment")]
    [InlineData("A=\"quoted # not a comment\" # comment", "quoted # not a comment")]
    [InlineData("A='single $literal \\n'", "single $literal \\n")]
    [InlineData("A=\"escaped \\\"quote\\\" and \\\\ backslash\"", "escaped \"quote\" and \\ backslash")]
    [InlineData("A=\"line\\nbreak\"", "line\nbreak")]
    [InlineData("A=", "")]
    [InlineData("A=\"unterminated", "\"unterminated")]
    public void Parses_each_value_form(string line, string expected)
    {
        Assert.Equal(expected, DotEnvFile.Parse(line)["A"]);
    }

    [Fact]
    public void A_double_quoted_value_may_span_lines()
    {
        var variables = DotEnvFile.Parse("KEY=\"first\nsecond\"\nNEXT=1");

        Assert.Equal("first\nsecond", variables["KEY"]);
        Assert.Equal("1", variables["NEXT"]);
    }

    [Fact]
    public void Windows_line_endings_leave_no_carriage_return()
    {
        var variables = DotEnvFile.Parse("A=one\r\nB=\"two\"\r\n");

        Assert.Equal("one", variables["A"]);
        Assert.Equal("two", variables["B"]);
    }

    [Fact]
    public void Comments_blank_lines_and_non_assignments_are_skipped()
    {
        var variables = DotEnvFile.Parse("\n   # indented comment\nnot an assignment\n=novalue\n1BAD=x\nGOOD=y\n");

        Assert.Equal(["GOOD"], variables.Keys);
    }

    [Fact]
    public void A_later_assignment_wins()
    {
        Assert.Equal("2", DotEnvFile.Parse("A=1\nA=2")["A"]);
    }

    [Fact]
    public void A_file_source_reads_the_file_and_names_it_without_values()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("gateway.env", "OPENAI_API_KEY=sk-file-6060\nEMPTY=\n");

        var source = EnvironmentSource.FromDotEnvFile(path);

        Assert.Equal("sk-file-6060", source.Get("OPENAI_API_KEY"));
        Assert.Null(source.Get("EMPTY"));
        Assert.Null(source.Get("MISSING"));
        Assert.Equal("gateway.env (2 variables)", source.ToString());
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_error_naming_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => EnvironmentSource.FromDotEnvFile("/no/such/dir/.env"));

        Assert.Contains("/no/such/dir/.env", error.Message);
    }
}

/// <summary>A directory under the temp path, deleted at the end of the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aigateway-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
