using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;

namespace AiGateway.Client.Tests.Gateways;

public sealed class LoadDotEnvFilesTests
{
    [Fact]
    public void Variables_from_dotenv_files_are_detected_when_the_option_is_on()
    {
        using var directory = new TempDirectory();
        directory.Write(".env", "# Created by Vercel CLI\nVERCEL_OIDC_TOKEN=\"oidc-from-file-7070\"\n");

        var environment = GatewayEnvironment.Detect(new AiGatewayOptions { Environment = Env(), LoadDotEnvFiles = true, DotEnvDirectory = directory.Path });
        using var request = Authenticated(environment.Primary, AiGateway.Client.ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal(GatewayKind.Vercel, environment.Primary.Kind);
        Assert.Equal("Bearer oidc-from-file-7070", Header(request, "authorization"));
    }

    [Fact]
    public void Dotenv_files_are_ignored_when_the_option_is_off()
    {
        using var directory = new TempDirectory();
        directory.Write(".env", "VERCEL_OIDC_TOKEN=oidc-from-file-7171\n");

        var diagnosis = GatewayEnvironment.Diagnose(new AiGatewayOptions { Environment = Env(), DotEnvDirectory = directory.Path });

        Assert.False(diagnosis.IsUsable);
    }

    [Fact]
    public void Dotenv_local_overrides_dotenv()
    {
        using var directory = new TempDirectory();
        directory.Write(".env", "AI_GATEWAY_API_KEY=from-env-7272\n");
        directory.Write(".env.local", "AI_GATEWAY_API_KEY=from-env-local-7373\n");

        var primary = GatewayEnvironment.Detect(new AiGatewayOptions { Environment = Env(), LoadDotEnvFiles = true, DotEnvDirectory = directory.Path }).Primary;
        using var request = Authenticated(primary, AiGateway.Client.ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal("Bearer from-env-local-7373", Header(request, "authorization"));
    }

    [Fact]
    public void Process_variables_win_over_dotenv_files_and_are_still_re_read()
    {
        using var directory = new TempDirectory();
        directory.Write(".env.local", "AI_GATEWAY_API_KEY=from-file-7474\n");
        var process = new MutableEnvironment(("AI_GATEWAY_API_KEY", "from-process-7575"));

        var primary = GatewayEnvironment.Detect(new AiGatewayOptions { Environment = process, LoadDotEnvFiles = true, DotEnvDirectory = directory.Path }).Primary;
        using var first = Authenticated(primary, AiGateway.Client.ChatDialect.ChatCompletions, OpenAIModel);
        process["AI_GATEWAY_API_KEY"] = null;
        using var afterUnset = Authenticated(primary, AiGateway.Client.ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal("Bearer from-process-7575", Header(first, "authorization"));
        Assert.Equal("Bearer from-file-7474", Header(afterUnset, "authorization"));
    }

    [Fact]
    public void The_diagnosis_says_which_files_were_read_with_names_only()
    {
        using var directory = new TempDirectory();
        directory.Write(".env", "NEON_AI_GATEWAY_TOKEN=nt_live_file-7676\nNEON_AI_GATEWAY_BASE_URL=https://br-x-api.ai.c-2.us-east-2.aws.neon.tech\n");

        var diagnosis = GatewayEnvironment.Diagnose(new AiGatewayOptions { Environment = Env(), LoadDotEnvFiles = true, DotEnvDirectory = directory.Path });

        Assert.Equal(GatewayKind.Neon, diagnosis.Chosen);
        Assert.EndsWith("over .env", diagnosis.EnvironmentDescription, StringComparison.Ordinal);
        Assert.Contains(diagnosis.Hints, h => h.StartsWith("Read .env from", StringComparison.Ordinal));
        Assert.DoesNotContain("nt_live_file-7676", diagnosis.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_dotenv_files_is_noted()
    {
        using var directory = new TempDirectory();

        var diagnosis = GatewayEnvironment.Diagnose(new AiGatewayOptions { Environment = Env(("OPENAI_API_KEY", "sk-7777")), LoadDotEnvFiles = true, DotEnvDirectory = directory.Path });

        Assert.Contains(diagnosis.Hints, h => h.Contains("there is no .env or .env.local", StringComparison.Ordinal));
    }
}
