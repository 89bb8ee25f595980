"""Track Document: the core decides (exists / offer to create / refuse) and words the outcome; this
module carries it out on the document."""

from collections import namedtuple

from . import document

Outcome = namedtuple("Outcome", "tracked message part_number created", defaults=(None, False))


def track(doc, text, core, confirm_create) -> Outcome:
    """Tracks ``doc`` as the item ``text`` names, asking the server first: an item it does not know
    would make every later edit fail.

    confirm_create(check) shows the core's TrackCheck and returns the ItemProposal the user
    accepted, or None for Cancel.
    """
    from SiloMod.Core.Items import TrackVerdict

    check = core.facade.CheckTrack(text, _facts(doc))
    if check.Verdict == TrackVerdict.Refuse:
        return Outcome(False, check.Message, check.PartNumber)
    created = check.Verdict == TrackVerdict.OfferCreate
    if created:
        proposal = confirm_create(check)
        if proposal is None:
            return Outcome(False, check.NotCreated(doc.Label), check.PartNumber)
        core.facade.CreateItem(proposal)
    document.mark_tracked(doc, check.PartNumber)
    from . import context

    source = context.source()
    if source is not None:
        source.report_open_files()  # the core learns the item is open here, so presence covers it at once
    return Outcome(True, check.Tracked(doc.Label, created), check.PartNumber, created)


def _facts(doc):
    """The core's DocumentFacts of ``doc``: what it proposes an item from."""
    from SiloMod.Core.Items import DocumentFacts
    from System import String
    from System.Collections.Generic import Dictionary

    facts = document.facts(doc)
    meta = Dictionary[String, String]()
    for key, value in facts["meta"].items():
        meta[key] = value
    return DocumentFacts(facts["label"], facts["file_path"], facts["comment"], meta)
