using SiloMod.Core.Activity;
using SiloMod.Core.Host;
using static SiloMod.Core.Tests.Activity.SampleSignals;

namespace SiloMod.Core.Tests.Activity;

public sealed class SearchRowTests
{
    private static readonly ItemSummary[] Found =
    [
        new("PRT-100", "Mounting Bracket", "Brackets", "Rover", null, null),
        new("PRT-101", "Side Plate", "Plates", "Rover", null, null),
        new("ASM-200", "Motor Assembly", "Assemblies", "Drive", null, null),
        new("PRT-102", "Bearing Cap", "Plates", "Drive", "dave", new DateTimeOffset(2026, 2, 16, 9, 30, 0, TimeSpan.Zero)),
        new("PRT-103", "Loose Part", "", "", null, null),
    ];

    [Fact]
    public void For_Items_ListsEachInOrderWithWhoIsInIt()
    {
        var rows = SearchRow.For("item", Found, [AliceInBody, BobInSketch]);

        Assert.Equal(["PRT-100", "PRT-101", "ASM-200", "PRT-102", "PRT-103"], rows.Select(r => r.Target));
        Assert.Equal(["PRT-100", "Mounting Bracket", "🟢 (alice)"], rows[0].Columns);
        Assert.Equal(["🟢 (alice)", "", "🟡 (bob)", "🔒 (dave)", ""], rows.Select(r => r.Columns[2]));
    }

    [Fact]
    public void For_Projects_ListsDistinctSortedWithCounts()
    {
        var rows = SearchRow.For("project", Found, []);

        Assert.Equal(["Drive", "Rover"], rows.Select(r => r.Target));
        Assert.Equal(["Drive", "2 matching items", ""], rows[0].Columns);
    }

    [Fact]
    public void For_Categories_SaysOneItemInTheSingular()
    {
        var rows = SearchRow.For("category", Found, []);

        Assert.Equal(["Assemblies", "Brackets", "Plates"], rows.Select(r => r.Target));
        Assert.Equal("1 matching item", rows[0].Columns[1]);
    }

    [Fact]
    public void For_UnknownType_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => SearchRow.For("team", Found, []));
    }
}
