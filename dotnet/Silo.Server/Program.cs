using Silo.Server.Hosting;

var app = SiloServer.Build(args);
await app.RunAsync();

// Exposed so tests and the benchmark host the very same application in-process.
public partial class Program;
