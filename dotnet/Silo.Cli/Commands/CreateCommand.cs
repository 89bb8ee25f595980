using System.CommandLine;
using Silo.Client.Items;

namespace Silo.Cli.Commands;

internal static class CreateCommand
{
    public static Command Create(GlobalOptions global)
    {
        var partNumber = ItemArgument.Create();
        var category = new Option<string>("--category") { Description = "The category, e.g. Brackets (becomes a folder name)", Required = true };
        var project = new Option<string>("--project") { Description = "The project, e.g. Rover", Required = true };
        var description = new Option<string>("--description", "-d") { Description = "What the part is, e.g. \"Left motor bracket\"", Required = true };
        var command = new Command("create", "Make a new item (editors)") { partNumber, category, project, description };
        command.SetBody(global, async (parse, context, ct) =>
        {
            var client = await context.ClientAsync(ct);
            var item = await client.CreateItemAsync(
                new NewItem(parse.GetValue(partNumber)!, parse.GetValue(category)!, parse.GetValue(project)!, parse.GetValue(description)!), ct);
            context.Console.Line($"Created {item.PartNumber} ({item.Category} / {item.Project}): {item.Description}");
            return Output.ExitCodes.Ok;
        });
        return command;
    }
}
