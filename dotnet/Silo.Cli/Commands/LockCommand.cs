using System.CommandLine;
using Silo.Cli.Output;

namespace Silo.Cli.Commands;

internal static class LockCommand
{
    public static Command Create(GlobalOptions global)
    {
        var partNumber = ItemArgument.Create();
        var comment = new Option<string?>("--comment", "-c") { Description = "A note on the lock, shown to others" };
        var ttl = new Option<TimeSpan?>("--ttl") { Description = "How long the lock lasts, e.g. 8h or 2d (default: the server's, usually 24h)", CustomParser = Durations.Parse };
        var command = new Command("lock", "Check an item out without downloading it, or renew your lock") { partNumber, comment, ttl };
        command.SetBody(global, async (parse, context, ct) =>
        {
            var client = await context.ClientAsync(ct);
            var taken = await client.LockItemAsync(parse.GetValue(partNumber)!, parse.GetValue(comment), parse.GetValue(ttl), ct);
            context.Console.Line($"Locked {taken.PartNumber} until {LockText.When(taken.ExpiresAt)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
