using System.CommandLine;
using Silo.Cli.Output;

namespace Silo.Cli.Commands;

internal static class UnlockCommand
{
    public static Command Create(GlobalOptions global)
    {
        var partNumber = ItemArgument.Create();
        var force = new Option<bool>("--force") { Description = "Admins: release another user's lock" };
        var reason = new Option<string?>("--reason") { Description = "Why the lock is forced open; kept in the audit log (required with --force)" };
        var command = new Command("unlock", "Release your lock on an item (admins: anyone's, with --force --reason)") { partNumber, force, reason };
        command.SetBody(global, (parse, context, ct) =>
            RunAsync(context, parse.GetValue(partNumber)!, parse.GetValue(force), parse.GetValue(reason), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string partNumber, bool force, string? reason, CancellationToken ct)
    {
        if (force && string.IsNullOrWhiteSpace(reason)) throw new CliException(ExitCodes.Usage, "--force needs --reason TEXT: a forced release is recorded in the audit log");
        if (!force && reason is not null) throw new CliException(ExitCodes.Usage, "--reason only goes with --force");

        var client = await context.ClientAsync(ct);
        var me = await client.GetCurrentUserAsync(ct);
        var held = await client.GetLockAsync(partNumber, ct) ?? throw new CliException(ExitCodes.NotFound, $"{partNumber} is not locked");
        if (held.LockedBy == me.Username)
        {
            await client.UnlockItemAsync(held.PartNumber, reason: null, ct);
            context.Console.Line($"Unlocked {held.PartNumber}");
            return ExitCodes.Ok;
        }
        if (!force)
            throw new CliException(ExitCodes.Locked, $"{held.PartNumber} is {LockText.LockedBy(held)}; only they can unlock it (admins: --force --reason TEXT)");

        await client.UnlockItemAsync(held.PartNumber, reason, ct);
        context.Console.Line($"Force-released {held.LockedBy}'s lock on {held.PartNumber}; the reason is in the audit log");
        return ExitCodes.Ok;
    }
}
