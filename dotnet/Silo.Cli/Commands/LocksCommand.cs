using System.CommandLine;
using Silo.Cli.Output;

namespace Silo.Cli.Commands;

internal static class LocksCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("locks", "List every active lock");
        command.SetBody(global, async (parse, context, ct) =>
        {
            var locks = await (await context.ClientAsync(ct)).ListLocksAsync(ct);
            if (locks.Count == 0)
            {
                context.Console.Line("No items are locked.");
                return ExitCodes.Ok;
            }
            context.Console.Table(
                ["part number", "locked by", "since", "expires", "comment"],
                locks.Select(l => (IReadOnlyList<string>)[l.PartNumber, l.LockedBy, LockText.When(l.LockedAt), LockText.When(l.ExpiresAt), l.Comment ?? ""]));
            return ExitCodes.Ok;
        });
        return command;
    }
}
