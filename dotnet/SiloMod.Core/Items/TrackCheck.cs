using SiloMod.Core.Host;

namespace SiloMod.Core.Items;

public enum TrackVerdict
{
    /// <summary>The item exists: track the document as it.</summary>
    Exists,

    /// <summary>No such item, and the user may create it: offer <see cref="TrackCheck.Proposal"/>.</summary>
    OfferCreate,

    /// <summary>Do not track: <see cref="TrackCheck.Message"/> says why in plain words.</summary>
    Refuse,
}

/// <summary>The core's answer to Track Document.</summary>
/// <param name="PartNumber">The part number as checked (trimmed).</param>
/// <param name="Message">A sentence for the user.</param>
/// <param name="Item">The existing item, for <see cref="TrackVerdict.Exists"/>.</param>
/// <param name="Proposal">What to create, for <see cref="TrackVerdict.OfferCreate"/>.</param>
public sealed record TrackCheck(TrackVerdict Verdict, string PartNumber, string Message, ItemSummary? Item = null, ItemProposal? Proposal = null)
{
    /// <summary>What the user reads once the document <paramref name="label"/> is marked as the item (<paramref name="created"/>: just created for it).</summary>
    public string Tracked(string label, bool created) => created
        ? $"{PartNumber} was created on the Silo server and “{label}” is tracked as it. Save the document to keep it."
        : $"“{label}” is tracked as {PartNumber}. Save the document to keep it.";

    /// <summary>What the user reads after declining to create the item <see cref="TrackVerdict.OfferCreate"/> proposed.</summary>
    public string NotCreated(string label) => $"“{label}” is not tracked: {PartNumber} was not created.";
}
