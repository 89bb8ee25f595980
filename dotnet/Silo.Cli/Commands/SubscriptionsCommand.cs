using System.CommandLine;
using Silo.Protocol.Subscriptions;
using Silo.Cli.Output;

namespace Silo.Cli.Commands;

internal static class SubscriptionsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("subscriptions", "List what this workstation follows");
        command.SetBody(global, async (parse, context, ct) =>
        {
            var client = await context.ClientAsync(ct);
            var subscriptions = await client.ListSubscriptionsAsync(await context.WorkstationAsync(ct), ct);
            if (subscriptions.Count == 0)
            {
                context.Console.Line(SyncExplanation.FollowsNothing);
                return ExitCodes.Ok;
            }
            context.Console.Table(
                ["type", "target", "gets", "paused", "last sync"],
                // Most specific first, as an item's own subscription governs it over its project's and category's.
                subscriptions.OrderBy(s => s.Type switch { SubscriptionTypes.Item => 0, SubscriptionTypes.Project => 1, _ => 2 })
                    .ThenBy(s => s.Target, StringComparer.OrdinalIgnoreCase)
                    .Select(s => (IReadOnlyList<string>)
                    [s.Type, s.Target, SubscriptionText.Policy(s), s.Paused ? "yes" : "no", s.LastSyncAt is { } at ? LockText.When(at) : "never"]));
            return ExitCodes.Ok;
        });
        return command;
    }
}
