using AiGateway.Client.Tool;

// AI gateway doctor: prints which gateway the client would use, from which variables, with which endpoints, and what
// is missing or shadowed. Offline: it sends nothing. Keys appear only as fingerprints.
//
//   dotnet run --project samples/AiGateway.Samples.Doctor                        # the process environment
//   dotnet run --project samples/AiGateway.Samples.Doctor -- --dotenv            # ... plus ./.env and ./.env.local
//   dotnet run --project samples/AiGateway.Samples.Doctor -- --env-file a.env    # only the file(s), for examples
//
// The same code ships as a dotnet tool: `dotnet tool install --global AiGateway.Client.Tool`, then `aigateway doctor`.
// Both compile src/AiGateway.Client.Tool/DoctorCommand.cs, which fills AiGatewayOptions from the arguments and prints
// GatewayEnvironment.Diagnose(options): the report an app can also ask for in code.
return DoctorCommand.Run(args, Console.Out, Console.Error, "AiGateway.Samples.Doctor");
