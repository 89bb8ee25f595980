"""Track Document: asks the core whether the part number is an item, creates it when the user
agrees, and only then marks the document. The core decides (exists / offer to create / refuse);
this module carries the answer out on the document.
"""

from __future__ import annotations

from . import document

EXISTS, OFFER_CREATE, REFUSE = "exists", "offer_create", "refuse"


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

    confirm_create(check) shows the core's proposal (part number, category, project, description)
    and returns the fields the user accepted, or None for Cancel.
    """
    try:
        pn = document.check_part_number(text)
    except ValueError as exc:
        return Outcome(False, str(exc))
    check = core.call("check_track", part_number=pn, document=document.facts(doc)) or {}
    verdict = check.get("verdict")
    if verdict == REFUSE:
        return Outcome(False, check.get("message") or f"{pn} cannot be tracked.", pn)
    created = False
    if verdict == OFFER_CREATE:
        fields = confirm_create(check)
        if not fields:
            return Outcome(False, f"“{doc.Label}” is not tracked: {pn} was not created.", pn)
        core.call("create_item", **fields)
        created = True
    elif verdict != EXISTS:
        return Outcome(False, f"The Silo core gave no answer about {pn}.", pn)
    pn = document.mark_tracked(doc, pn)
    _report_open_documents()
    if created:
        return Outcome(True, f"{pn} was created on the Silo server and “{doc.Label}” is tracked as it. "
                             "Save the document to keep it.", pn, created=True)
    return Outcome(True, f"“{doc.Label}” is tracked as {pn}. Save the document to keep it.", pn)


def _report_open_documents():
    """The core learns the new item is open here, so presence covers it at once."""
    from . import context

    source = context.source()
    if source is not None:
        source.report_open_files()
