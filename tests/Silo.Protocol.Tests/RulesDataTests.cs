using System.Text.Json;
using Silo.Protocol.Checkpoints;
using Silo.Protocol.EditSessions;
using Silo.Protocol.Items;
using Silo.Testing;

namespace Silo.Protocol.Tests;

/// <summary>
/// rules.json is read by .NET (embedded) and by Python (freecad/silo_mod/rules.py, whose tests
/// run the same part-number cases): these tests hold the .NET side to the file.
/// </summary>
public sealed class RulesDataTests
{
    private static JsonElement Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "part_number_cases.json")));
        return doc.RootElement.Clone();
    }

    public static TheoryData<string> Valid() => [.. Cases().GetProperty("valid").EnumerateArray().Select(e => e.GetString()!)];

    public static TheoryData<string> Invalid() => [.. Cases().GetProperty("invalid").EnumerateArray().Select(e => e.GetString()!)];

    [Theory]
    [MemberData(nameof(Valid))]
    public void CheckPartNumber_SharedValidCase_Accepted(string pn) => Assert.Null(NameRules.CheckPartNumber(pn));

    [Theory]
    [MemberData(nameof(Invalid))]
    public void CheckPartNumber_SharedInvalidCase_Refused(string pn) => Assert.NotNull(NameRules.CheckPartNumber(pn));

    [Fact]
    public void Load_EmbeddedFileIsTheRepositoryFile()
    {
        var file = Path.Combine(RepositoryRoot.Path, "dotnet", "Silo.Protocol", "rules.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var rules = RulesData.Load();

        Assert.Equal(doc.RootElement.GetProperty("cone_container_types").EnumerateArray().Select(e => e.GetString()), rules.ContainerTypes);
        Assert.Equal(doc.RootElement.GetProperty("checkpoint_notify_contexts").EnumerateArray().Select(e => e.GetString()), rules.NotifyContexts);
        Assert.Equal(doc.RootElement.GetProperty("names").GetProperty("part_number_max_length").GetInt32(), NameRules.MaxPartNumber);
    }

    [Fact]
    public void NotifyContexts_AreCheckpointContexts()
    {
        Assert.NotEmpty(CheckpointContexts.NotifyContexts);
        Assert.All(CheckpointContexts.NotifyContexts, c => Assert.Contains(c, CheckpointContexts.All));
        Assert.True(CheckpointContext.BodyClose.NotifiesSubscribers());
        Assert.False(CheckpointContext.Autosave.NotifiesSubscribers());
    }

    [Fact]
    public void All_AreTheEnumsWireNames() =>
        Assert.Equal(
            [CheckpointContexts.SketchClose, CheckpointContexts.BodyClose, CheckpointContexts.AssemblyClose, CheckpointContexts.Manual, CheckpointContexts.Autosave],
            CheckpointContexts.All);

    [Fact]
    public void ContainerTypes_BodyAndOriginButNoFeature()
    {
        Assert.True(DependencyConeRule.IsContainer("PartDesign::Body"));
        Assert.True(DependencyConeRule.IsContainer("App::Origin"));
        Assert.False(DependencyConeRule.IsContainer("PartDesign::Pad"));
        Assert.False(DependencyConeRule.IsContainer(null));
    }
}
