using AiGateway.Client.Gateways;

namespace AiGateway.Client.Tool;

/// <summary>
/// The doctor: prints which gateway the client would use, from which variables, with which endpoints, and what is
/// missing or shadowed. Offline: it sends nothing; keys appear only as fingerprints. Shared by the <c>aigateway</c>
/// tool and the Doctor sample (which compiles this file), so both parse and print the same way.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>The usage text, after the command that runs the doctor.</summary>
    public const string Options = """
          --env-file PATH  read variables from PATH only (not the process environment); repeat to layer files,
                           later files winning (for example .env then .env.local)
          --dotenv         also read .env and .env.local from the current directory (process variables win)
          --gateway KIND   force the gateway: Netlify, Vercel, Neon, Rebyte, Cloudflare, Direct, OpenAICompatible
        Exit code: 0 when a gateway can be used, 1 when not, 2 for bad arguments.
        """;

    /// <summary>Runs the doctor.</summary>
    /// <param name="args">The arguments after the command.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="error">Where argument errors go.</param>
    /// <param name="command">How the user invoked the doctor, for the usage line.</param>
    /// <returns>0 when a gateway can be used, 1 when not, 2 for bad arguments.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, string command)
    {
        var usage = $"Usage: {command} [--env-file PATH]... [--dotenv] [--gateway KIND]{Environment.NewLine}{Options}";
        var options = new AiGatewayOptions();
        var files = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--env-file" when i + 1 < args.Count:
                    files.Add(args[++i]);
                    break;
                case "--dotenv":
                    options.LoadDotEnvFiles = true;
                    break;
                case "--gateway" when i + 1 < args.Count && Enum.TryParse<GatewayKind>(args[i + 1], ignoreCase: true, out var kind):
                    options.Gateway = kind;
                    i++;
                    break;
                case "-h" or "--help":
                    output.WriteLine(usage);
                    return 0;
                default:
                    error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
                    error.WriteLine(usage);
                    return 2;
            }
        }

        if (files.Count > 0)
        {
            try
            {
                IEnvironmentSource? environment = null;
                foreach (var file in files)
                {
                    var source = EnvironmentSource.FromDotEnvFile(file);
                    environment = environment is null ? source : EnvironmentSource.Layered(source, environment);
                }

                options.Environment = environment;
            }
            catch (FileNotFoundException ex)
            {
                error.WriteLine(ex.Message);
                return 2;
            }
        }

        // The same report GatewayEnvironment.Diagnose gives an app in code.
        var diagnosis = GatewayEnvironment.Diagnose(options);
        output.WriteLine(diagnosis);
        return diagnosis.IsUsable ? 0 : 1;
    }
}
