using System.Net.Http.Json;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Security.Cryptography;
using System.Text.Json;
using SiloMod.Core.Signals;
using SiloMod.Core.Workbench;

namespace SiloMod.FreeCAD.Tests.EndToEnd;

/// <summary>
/// What every end-to-end story starts from: the item on the server, a folder for the scripts'
/// markers, the paths of alice's and bob's files, and carol as a <see cref="WorkbenchCore"/> in this
/// process (a third FreeCAD would add a minute of start-up on two cores and test nothing more of the
/// workbench). carol subscribes before anything is pushed, so she gets each checkpoint as it happens.
/// </summary>
internal sealed class TeamStage : IAsyncDisposable
{
    private readonly SiloServerFixture _silo;
    private readonly string _dir;
    private WorkbenchCore? _carol;

    private TeamStage(SiloServerFixture silo, string partNumber)
    {
        _silo = silo;
        PartNumber = partNumber;
        _dir = Directory.CreateTempSubdirectory($"silomod-e2e-{partNumber.ToLowerInvariant()}-").FullName;
        Sync = Directory.CreateDirectory(Path.Combine(_dir, "sync")).FullName;
        AliceFile = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, "alice")).FullName, partNumber + ".FCStd");
        BobFile = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, "bob")).FullName, partNumber + ".FCStd");
    }

    public string PartNumber { get; }

    /// <summary>Where the scripts and the test leave markers for each other (<see cref="Markers"/>).</summary>
    public string Sync { get; }

    public string AliceFile { get; }

    public string BobFile { get; }

    public WorkbenchCore Carol => _carol ?? throw new InvalidOperationException("The stage is not set up.");

    /// <summary>The first file of the item carol's sync lands that the stage's condition accepts.</summary>
    public Task<FileSynced> CarolReceived { get; private set; } = Task.FromException<FileSynced>(new InvalidOperationException("The stage is not set up."));

    /// <param name="carolAwaits">Which landed file of the item <see cref="CarolReceived"/> waits for.</param>
    public static async Task<TeamStage> SetUpAsync(
        SiloServerFixture silo, string partNumber, string description, Func<FileSynced, bool> carolAwaits)
    {
        await silo.Server.CreateItemAsync(partNumber, description: description);
        var stage = new TeamStage(silo, partNumber);
        try
        {
            stage._carol = await WorkbenchCore.StartAsync(new WorkbenchOptions(
                silo.Server.BaseAddress, silo.Tokens["carol"], Path.Combine(stage._dir, "carol", "state"), Path.Combine(stage._dir, "carol", "projects")));
            // Taken before subscribing: the checkpoint may arrive as soon as the subscription exists.
            stage.CarolReceived = stage._carol.SignalHub.FileSynced.Where(s => s.PartNumber == partNumber && carolAwaits(s)).FirstAsync().ToTask();
            await stage._carol.SubscribeAsync("item", partNumber, "latest");
            return stage;
        }
        catch
        {
            await stage.DisposeAsync();
            throw;
        }
    }

    public sealed record Session(string User, string ContextLevel, string ObjectId);

    /// <summary>The item's live edit sessions, as the server lists them to carol.</summary>
    public async Task<List<Session>> EditSessionsAsync()
    {
        using var http = _silo.Server.Client(_silo.Tokens["carol"]);
        var json = await http.GetFromJsonAsync<JsonElement>($"/api/items/{PartNumber}/edit-sessions");
        return json.EnumerateArray()
            .Select(s => new Session(s.GetProperty("user").GetString()!, s.GetProperty("context_level").GetString()!, s.GetProperty("object_id").GetString()!))
            .ToList();
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public async ValueTask DisposeAsync()
    {
        if (_carol is not null) await _carol.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
