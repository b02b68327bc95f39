using System.Reflection;
using AiGateway.Client.Tool;

// aigateway: command-line companion of AiGateway.Client. `aigateway doctor` diagnoses the gateway environment.
const string Usage = """
    Usage: aigateway <command> [options]
    Commands:
      doctor     print which AI gateway AiGateway.Client would use here, from which variables, and what is
                 missing or shadowed (offline; keys appear only as fingerprints)
    Options:
      -h, --help     show this help (`aigateway doctor --help` for the doctor's options)
      --version      print the version
    """;

switch (args.FirstOrDefault())
{
    case "doctor":
        return DoctorCommand.Run(args[1..], Console.Out, Console.Error, "aigateway doctor");
    case null or "-h" or "--help":
        Console.WriteLine(Usage);
        return args.Length == 0 ? 2 : 0;
    case "--version":
        Console.WriteLine(typeof(DoctorCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown command '{args[0]}'.");
        Console.Error.WriteLine(Usage);
        return 2;
}
