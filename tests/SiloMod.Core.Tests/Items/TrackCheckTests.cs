using SiloMod.Core.Items;

namespace SiloMod.Core.Tests.Items;

public sealed class TrackCheckTests
{
    private static readonly TrackCheck Offer = new(TrackVerdict.OfferCreate, "PRT-7", "PRT-7 is not on the Silo server yet. Create it?");

    [Fact]
    public void Tracked_ExistingItem_NamesDocumentAndPartNumber_AndAsksToSave()
    {
        Assert.Equal("“Bracket” is tracked as PRT-7. Save the document to keep it.", Offer.Tracked("Bracket", created: false));
    }

    [Fact]
    public void Tracked_CreatedItem_SaysItWasCreatedOnTheServer()
    {
        Assert.Equal("PRT-7 was created on the Silo server and “Bracket” is tracked as it. Save the document to keep it.",
            Offer.Tracked("Bracket", created: true));
    }

    [Fact]
    public void NotCreated_SaysTheDocumentStaysUntracked()
    {
        Assert.Equal("“Bracket” is not tracked: PRT-7 was not created.", Offer.NotCreated("Bracket"));
    }
}
