using System.Text.Json;
using SiloMod.Core.Host;
using SiloMod.Core.Workbench;

namespace SiloMod.CoreHost;

/// <summary>
/// Runs one <see cref="WorkbenchCore"/>, prints what it does (steps, signals, status) as JSON lines,
/// and takes commands as JSON lines on standard input:
/// <c>{"cmd":"submit","part_number":…,"path":…,"context":…}</c> queues a checkpoint (answered by
/// <c>submitted</c> once it is safe), <c>{"cmd":"quit"}</c> stops cleanly. End of input stops too.
/// </summary>
internal static class HostProgram
{
    public static async Task<int> RunAsync(HostSettings settings)
    {
        var steps = new StopAtStep(settings.StopAt);
        await using var core = await WorkbenchCore.StartAsync(new WorkbenchOptions(settings.Server, settings.Token, settings.StateDirectory, settings.ProjectsDirectory)
        {
            Steps = steps,
            ReconnectDelay = settings.ReconnectDelay,
        }).ConfigureAwait(false);
        using var signals = core.Signals.Subscribe(HostOutput.Signal);
        using var status = core.StatusChanges.Subscribe(s => HostOutput.Write("status", s));
        HostOutput.Write("started", new { core.Identity.WorkstationId, core.Identity.User });

        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var command = JsonDocument.Parse(line).RootElement;
            switch (command.GetProperty("cmd").GetString())
            {
                case "submit":
                    await SubmitAsync(core, command).ConfigureAwait(false);
                    break;
                case "quit":
                    return 0;
                default:
                    HostOutput.Write("unknown_command", new { Line = line });
                    break;
            }
        }
        return 0;
    }

    private static async Task SubmitAsync(WorkbenchCore core, JsonElement command)
    {
        var partNumber = command.GetProperty("part_number").GetString()!;
        var path = command.GetProperty("path").GetString()!;
        // Echoed back, so the test knows which of its submissions the core took.
        var id = command.TryGetProperty("id", out var given) ? given.GetString() : null;
        try
        {
            await core.SubmitCheckpointAsync(new CheckpointSubmission(partNumber, path, command.GetProperty("context").GetString()!, SessionId: null, Dag: null))
                .ConfigureAwait(false);
            HostOutput.Write("submitted", new { Id = id, PartNumber = partNumber, Path = path });
        }
        catch (IOException e)
        {
            HostOutput.Write("submit_failed", new { Id = id, PartNumber = partNumber, e.Message });
        }
    }
}
