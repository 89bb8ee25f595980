using System.CommandLine;
using System.CommandLine.Help;
using Silo.Cli.Output;

namespace Silo.Cli.Commands;

internal static class SiloRootCommand
{
    public static RootCommand Create()
    {
        var global = new GlobalOptions();
        var root = new RootCommand("silo: create, check out, commit, release, lock, follow and sync SiloMod items")
        {
            global.Workspace,
            LoginCommand.Create(global),
            CreateCommand.Create(global),
            CheckoutCommand.Create(global),
            CommitCommand.Create(global),
            ReleaseCommand.Create(global),
            LockCommand.Create(global),
            UnlockCommand.Create(global),
            LocksCommand.Create(global),
            StatusCommand.Create(global),
            SyncCommand.Create(global),
            SubscribeCommand.Create(global),
            UnsubscribeCommand.Create(global),
            SubscriptionsCommand.Create(global),
        };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new EpilogHelpAction((HelpAction)help.Action!, ExitCodes.Epilog);
        return root;
    }

    /// <summary>Parses and runs; a usage mistake is one line and exit code 2, like every other failure.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Create().Parse(args);
        // Help wins over a missing argument: `silo checkout --help` must explain checkout, not complain.
        if (parse.Errors.Count > 0 && parse.Action is not EpilogHelpAction)
        {
            // The last error is the specific one ("Unrecognized command 'x'"); the first is often the generic "Required command".
            await Console.Error.WriteLineAsync($"silo: {ErrorReporter.OneLine(parse.Errors[^1].Message)} (see 'silo --help')");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync();
    }
}
