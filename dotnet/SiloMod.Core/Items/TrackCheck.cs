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
public sealed record TrackCheck(TrackVerdict Verdict, string PartNumber, string Message, ItemSummary? Item = null, ItemProposal? Proposal = null);
