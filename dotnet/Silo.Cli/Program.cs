using Silo.Cli.Commands;

return await SiloRootCommand.RunAsync(args);
