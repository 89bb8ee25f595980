using System.CommandLine;
using Silo.Protocol.Subscriptions;

namespace Silo.Cli.Commands;

/// <summary>What a subscription follows: <c>item PRT-100</c>, <c>project Rover</c> or <c>category Brackets</c>.</summary>
internal static class SubscriptionArguments
{
    public static Argument<string> Type()
    {
        var type = new Argument<string>("type") { Description = "item, project or category" };
        type.AcceptOnlyFromAmong(SubscriptionTypes.Item, SubscriptionTypes.Project, SubscriptionTypes.Category);
        return type;
    }

    public static Argument<string> Target() => new("target") { Description = "A part number, a project or a category" };

    /// <summary>Part numbers are matched without regard to case, as the server does; projects and categories are names as written.</summary>
    public static bool Same(string type, string followed, string given) =>
        string.Equals(followed, given, type == SubscriptionTypes.Item ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
