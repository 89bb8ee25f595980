using System.CommandLine;
using Silo.Protocol.Subscriptions;
using Silo.Cli.Output;

namespace Silo.Cli.Commands;

internal static class SubscribeCommand
{
    public static Command Create(GlobalOptions global)
    {
        var type = SubscriptionArguments.Type();
        var target = SubscriptionArguments.Target();
        var policy = new Option<string>("--policy")
        {
            Description = "Which state to get: latest_released (default), latest (newest revision or other users' finished checkpoints), or pinned",
            DefaultValueFactory = _ => RevisionPolicies.LatestReleased,
        };
        policy.AcceptOnlyFromAmong(RevisionPolicies.LatestReleased, RevisionPolicies.Latest, RevisionPolicies.Pinned);
        var revision = new Option<int?>("--revision") { Description = "With --policy pinned: the revision to keep" };
        var command = new Command("subscribe", "Follow an item, a project or a category: 'silo sync' then keeps its files in the workspace")
        {
            type, target, policy, revision,
        };
        command.SetBody(global, async (parse, context, ct) =>
        {
            var client = await context.ClientAsync(ct);
            var workstation = await context.WorkstationAsync(ct);
            var (kind, name, wanted, pin) = (parse.GetValue(type)!, parse.GetValue(target)!, parse.GetValue(policy)!, parse.GetValue(revision));
            // Subscribing again to what is already followed changes which state of it is followed.
            var existing = (await client.ListSubscriptionsAsync(workstation, ct)).FirstOrDefault(s => s.Type == kind && SubscriptionArguments.Same(kind, s.Target, name));
            if (existing is null)
            {
                var made = await client.CreateSubscriptionAsync(workstation, kind, name, wanted, pin, ct);
                context.Console.Line($"Following {made.Type} {made.Target} ({SubscriptionText.Policy(made)}); run 'silo sync' to download");
            }
            else if (existing.RevisionPolicy == wanted && existing.PinnedRevision == pin && !existing.Paused)
            {
                context.Console.Line($"Already following {existing.Type} {existing.Target} ({SubscriptionText.Policy(existing)})");
            }
            else
            {
                var changed = await client.UpdateSubscriptionAsync(existing.Id, new SubscriptionUpdate(wanted, pin, Paused: false), ct);
                context.Console.Line($"Now following {changed.Type} {changed.Target} ({SubscriptionText.Policy(changed)}; was {SubscriptionText.Policy(existing)}); run 'silo sync' to download");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
