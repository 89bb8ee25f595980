using Silo.Server.Hosting;

WebApplication app;
try
{
    app = SiloServer.Build(args);
}
catch (SiloSettingsException e)
{
    // A mistyped or impossible setting is the operator's to fix: say which, without a stack trace.
    await Console.Error.WriteLineAsync("silo-server: " + e.Message);
    return 2;
}
await app.RunAsync();
return 0;

// Exposed so tests and the benchmark host the very same application in-process.
public partial class Program;
