using AiGateway.Client;
using AiGateway.Client.Gateways;

// AI gateway doctor: prints which gateway the client would use, from which variables, with which endpoints, and what
// is missing or shadowed. Offline: it sends nothing. Keys appear only as fingerprints.
//
//   dotnet run --project samples/AiGateway.Samples.Doctor                        # the process environment
//   dotnet run --project samples/AiGateway.Samples.Doctor -- --dotenv            # ... plus ./.env and ./.env.local
//   dotnet run --project samples/AiGateway.Samples.Doctor -- --env-file a.env    # only the file(s), for examples
const string Usage = """
    Usage: AiGateway.Samples.Doctor [--env-file PATH]... [--dotenv] [--gateway KIND]
      --env-file PATH  read variables from PATH only (not the process environment); repeat to layer files,
                       later files winning (for example .env then .env.local)
      --dotenv         also read .env and .env.local from the current directory (process variables win)
      --gateway KIND   force the gateway: Netlify, Vercel, Neon, Rebyte, Cloudflare, Direct, OpenAICompatible
    Exit code: 0 when a gateway can be used, 1 when not, 2 for bad arguments.
    """;

var options = new AiGatewayOptions();
var files = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--env-file" when i + 1 < args.Length:
            files.Add(args[++i]);
            break;
        case "--dotenv":
            options.LoadDotEnvFiles = true;
            break;
        case "--gateway" when i + 1 < args.Length && Enum.TryParse<GatewayKind>(args[i + 1], ignoreCase: true, out var kind):
            options.Gateway = kind;
            i++;
            break;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
            Console.Error.WriteLine(Usage);
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
        Console.Error.WriteLine(ex.Message);
        return 2;
    }
}

var diagnosis = GatewayEnvironment.Diagnose(options);
Console.WriteLine(diagnosis);
return diagnosis.IsUsable ? 0 : 1;
