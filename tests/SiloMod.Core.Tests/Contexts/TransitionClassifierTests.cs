using SiloMod.Core.Contexts;
using SiloMod.Core.Host;

namespace SiloMod.Core.Tests.Contexts;

public sealed class TransitionClassifierTests
{
    private static EditingContext Ctx(string? type, string? id) => type is null ? EditingContext.Document : new EditingContext(type, id);

    [Theory]
    // Shallower moves: the spec's table.
    [InlineData(ContextTypes.Sketcher, "S1", ContextTypes.PartDesign, "Body", "sketch_close")]
    [InlineData(ContextTypes.Sketcher, "S1", null, null, "body_close")]
    [InlineData(ContextTypes.Sketcher, "S1", ContextTypes.Assembly, "Asm", "body_close")]
    [InlineData(ContextTypes.PartDesign, "Body", null, null, "body_close")]
    [InlineData(ContextTypes.PartDesign, "Body", ContextTypes.Assembly, "Asm", "body_close")]
    [InlineData(ContextTypes.Assembly, "Asm", null, null, "assembly_close")]
    // Deeper moves close nothing.
    [InlineData(null, null, ContextTypes.Sketcher, "S1", null)]
    [InlineData(ContextTypes.PartDesign, "Body", ContextTypes.Sketcher, "S1", null)]
    [InlineData(ContextTypes.Assembly, "Asm", ContextTypes.PartDesign, "Body", null)]
    // Sideways moves close the old object at its own level.
    [InlineData(ContextTypes.Sketcher, "S1", ContextTypes.Sketcher, "S2", "sketch_close")]
    [InlineData(ContextTypes.PartDesign, "Body", ContextTypes.PartDesign, "Body001", "body_close")]
    [InlineData(ContextTypes.Assembly, "Asm", ContextTypes.Assembly, "Asm2", "assembly_close")]
    // No move.
    [InlineData(ContextTypes.Sketcher, "S1", ContextTypes.Sketcher, "S1", null)]
    [InlineData(null, null, null, null, null)]
    [InlineData("Part", "Box", null, null, null)]
    public void Classify_Transition_GivesCheckpointContext(string? oldType, string? oldId, string? newType, string? newId, string? expected) =>
        Assert.Equal(expected, TransitionClassifier.Classify(Ctx(oldType, oldId), Ctx(newType, newId)));
}
