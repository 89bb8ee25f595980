using SiloMod.Core.Items;

namespace SiloMod.Core.Tests.Items;

public sealed class ItemProposalTests
{
    [Fact]
    public void From_MetaNamesCategoryProjectAndDescription_TakesThem()
    {
        var meta = new Dictionary<string, string> { ["SiloCategory"] = "Brackets", ["SiloProject"] = "Rover", ["SiloDescription"] = "Mounting bracket" };

        var proposal = ItemProposal.From(" PRT-7 ", new DocumentFacts("Bracket", "/work/Drive/bracket.FCStd", "A comment", meta));

        Assert.Equal(new ItemProposal("PRT-7", "Brackets", "Rover", "Mounting bracket"), proposal);
    }

    [Fact]
    public void From_NoMeta_FolderIsTheProjectAndCommentTheDescription()
    {
        var proposal = ItemProposal.From("PRT-7", new DocumentFacts("Bracket", "/work/Drive Train/bracket.FCStd", "Holds the motor"));

        Assert.Equal(new ItemProposal("PRT-7", ItemProposal.DefaultCategory, "Drive Train", "Holds the motor"), proposal);
    }

    [Fact]
    public void From_NoCommentNoFile_LabelIsTheDescription()
    {
        var proposal = ItemProposal.From("PRT-7", new DocumentFacts("Unnamed bracket"));

        Assert.Equal(new ItemProposal("PRT-7", ItemProposal.DefaultCategory, ItemProposal.DefaultProject, "Unnamed bracket"), proposal);
    }

    [Fact]
    public void From_UnsafeFolderAndCategory_MadeSafeForTheServer()
    {
        var meta = new Dictionary<string, string> { ["SiloCategory"] = "../Brackets/Steel" };

        var proposal = ItemProposal.From("PRT-7", new DocumentFacts("B", "/work/Équipe: x/b.FCStd", null, meta));

        Assert.Equal("Brackets-Steel", proposal.Category);
        Assert.Equal("quipe- x", proposal.Project);
    }
}
