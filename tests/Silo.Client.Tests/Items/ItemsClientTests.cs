using Silo.Client.Errors;
using Silo.Client.Items;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Items;

public sealed class ItemsClientTests : ClientTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1", category: "Brackets", description: "Left mount");
        await Server.CreateItemAsync("PRT-2", category: "Plates", description: "Base plate");
        await Server.CreateItemAsync("ASM-1", category: "Plates", description: "Frame");
    }

    [Fact]
    public async Task CreateItemAsync_New_ReturnsTheItemAsStored()
    {
        var made = await Alice.CreateItemAsync(new NewItem("PRT-77", "Brackets", "Rover", "Left motor bracket"));

        Assert.Equal("PRT-77", made.PartNumber);
        Assert.Equal("Left motor bracket", (await Viewer.GetItemAsync("prt-77")).Description);
    }

    [Fact]
    public async Task CreateItemAsync_Taken_ThrowsConflict()
    {
        var e = await Assert.ThrowsAsync<ConflictException>(() => Alice.CreateItemAsync(new NewItem("prt-1", "Brackets", "Rover", "Again")));

        Assert.Contains("PRT-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateItemAsync_UnsafeCategory_ThrowsValidationNamingIt()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => Alice.CreateItemAsync(new NewItem("PRT-78", "a/b", "Rover", "x")));

        Assert.Contains("category", e.Errors.Keys);
        await Assert.ThrowsAsync<NotFoundException>(() => Viewer.GetItemAsync("PRT-78"));
    }

    [Fact]
    public async Task GetItemAsync_NewItem_HasNoRevisionAndNoLock()
    {
        var item = await Viewer.GetItemAsync("PRT-1");

        Assert.Equal("PRT-1", item.PartNumber);
        Assert.Equal("Brackets", item.Category);
        Assert.Equal("Left mount", item.Description);
        Assert.Null(item.LatestRevision);
        Assert.Null(item.Lock);
    }

    [Fact]
    public async Task GetItemAsync_LockedWithRevision_CarriesBoth()
    {
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "v1", release: false);
        await Alice.LockItemAsync("PRT-1");

        var item = await Viewer.GetItemAsync("PRT-1");

        Assert.Equal(1, item.LatestRevision);
        Assert.Equal("alice", item.Lock!.LockedBy);
    }

    [Fact]
    public async Task GetItemAsync_Unknown_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Viewer.GetItemAsync("NOPE-1"));
    }

    [Fact]
    public async Task ListItemsAsync_CategoryAndLockedFilters_NarrowTheList()
    {
        await Bob.LockItemAsync("PRT-2");

        var plates = await Viewer.ListItemsAsync(new ItemQuery(Category: "Plates"));
        var locked = await Viewer.ListItemsAsync(new ItemQuery(Locked: true));

        Assert.Equal(["ASM-1", "PRT-2"], plates.Items.Select(i => i.PartNumber).Order(StringComparer.Ordinal));
        Assert.Equal(2, plates.Total);
        Assert.Equal("PRT-2", Assert.Single(locked.Items).PartNumber);
        Assert.Equal("bob", locked.Items[0].Lock!.LockedBy);
    }

    [Fact]
    public async Task ListItemsAsync_SearchWithLimit_PagesResults()
    {
        var page = await Viewer.ListItemsAsync(new ItemQuery(Search: "PRT", Limit: 1, Offset: 1));

        Assert.Equal(2, page.Total);
        Assert.Single(page.Items);
        Assert.Equal(1, page.Offset);
    }
}
