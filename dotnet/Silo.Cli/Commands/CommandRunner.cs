using System.CommandLine;
using Silo.Cli.Output;

namespace Silo.Cli.Commands;

/// <summary>Runs a command body with its context, and turns whatever it throws into one line and an exit code.</summary>
internal static class CommandRunner
{
    public static void SetBody(this Command command, GlobalOptions global, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            var console = CliConsole.FromProcess();
            var context = new CommandContext(console, System.Environment.GetEnvironmentVariable, parse.GetValue(global.Workspace));
            await using (context)
            {
                try
                {
                    return await body(parse, context, ct);
                }
                catch (Exception e)
                {
                    return ErrorReporter.Report(e, console.Error);
                }
            }
        });
}
