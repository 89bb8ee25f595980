using System.CommandLine;

namespace Silo.Cli.Commands;

internal static class ItemArgument
{
    public static Argument<string> Create() => new("part-number") { Description = "The item's part number, e.g. PRT-100" };
}
