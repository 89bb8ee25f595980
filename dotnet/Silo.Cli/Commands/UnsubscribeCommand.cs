using System.CommandLine;
using Silo.Cli.Output;

namespace Silo.Cli.Commands;

internal static class UnsubscribeCommand
{
    public static Command Create(GlobalOptions global)
    {
        var type = SubscriptionArguments.Type();
        var target = SubscriptionArguments.Target();
        var command = new Command("unsubscribe", "Stop following an item, a project or a category; files already downloaded stay") { type, target };
        command.SetBody(global, async (parse, context, ct) =>
        {
            var client = await context.ClientAsync(ct);
            var workstation = await context.WorkstationAsync(ct);
            var (wantedType, wantedTarget) = (parse.GetValue(type)!, parse.GetValue(target)!);
            var found = (await client.ListSubscriptionsAsync(workstation, ct))
                .FirstOrDefault(s => s.Type == wantedType && SubscriptionArguments.Same(wantedType, s.Target, wantedTarget))
                ?? throw new CliException(ExitCodes.NotFound, $"this workstation does not follow {wantedType} {wantedTarget} (see 'silo subscriptions')");
            await client.DeleteSubscriptionAsync(found.Id, ct);
            context.Console.Line($"No longer following {found.Type} {found.Target}; its files stay in the workspace");
            return ExitCodes.Ok;
        });
        return command;
    }
}
