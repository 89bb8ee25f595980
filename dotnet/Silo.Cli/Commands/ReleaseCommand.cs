using System.CommandLine;
using Silo.Cli.Output;

namespace Silo.Cli.Commands;

internal static class ReleaseCommand
{
    public static Command Create(GlobalOptions global)
    {
        var partNumber = ItemArgument.Create();
        var revision = new Argument<int>("revision") { Description = "The revision number to release, e.g. 2" };
        var command = new Command("release", "Mark a revision released: subscriptions that follow released revisions get it") { partNumber, revision };
        command.SetBody(global, async (parse, context, ct) =>
        {
            var released = await (await context.ClientAsync(ct)).ReleaseRevisionAsync(parse.GetValue(partNumber)!, parse.GetValue(revision), ct);
            context.Console.Line($"Released {released.PartNumber} revision {released.Number}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
