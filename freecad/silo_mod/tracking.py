"""Track Document: asks the core whether the part number is an item, creates it when the user
agrees, and only then marks the document. The core decides (exists / offer to create / refuse);
this module carries the answer out on the document.
"""

from __future__ import annotations

from . import document


class Outcome:
    """What happened, for the command's message: tracked or not, and the sentence to show."""

    def __init__(self, tracked: bool, message: str, part_number=None, created=False):
        self.tracked = tracked
        self.message = message
        self.part_number = part_number
        self.created = created

    def __repr__(self):
        return f"Outcome(tracked={self.tracked}, created={self.created}, message={self.message!r})"


def track(doc, text, core, confirm_create) -> Outcome:
    """Tracks ``doc`` as the item ``text`` names.

    confirm_create(check) shows the core's TrackCheck (its ItemProposal: part number, category,
    project, description) and returns the ItemProposal the user accepted, or None for Cancel.
    """
    from SiloMod.Core.Items import TrackVerdict

    try:
        pn = document.check_part_number(text)
    except ValueError as exc:
        return Outcome(False, str(exc))
    check = core.facade.CheckTrack(pn, _facts(doc))
    if check.Verdict == TrackVerdict.Refuse:
        return Outcome(False, check.Message or f"{pn} cannot be tracked.", pn)
    created = False
    if check.Verdict == TrackVerdict.OfferCreate:
        proposal = confirm_create(check)
        if proposal is None:
            return Outcome(False, f"“{doc.Label}” is not tracked: {pn} was not created.", pn)
        core.facade.CreateItem(proposal)
        created = True
    pn = document.mark_tracked(doc, pn)
    _report_open_documents()
    if created:
        return Outcome(True, f"{pn} was created on the Silo server and “{doc.Label}” is tracked as it. "
                             "Save the document to keep it.", pn, created=True)
    return Outcome(True, f"“{doc.Label}” is tracked as {pn}. Save the document to keep it.", pn)


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


def _report_open_documents():
    """The core learns the new item is open here, so presence covers it at once."""
    from . import context

    source = context.source()
    if source is not None:
        source.report_open_files()
