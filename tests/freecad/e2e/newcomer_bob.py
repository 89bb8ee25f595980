# A newcomer's first day, bob's workstation (issue 14, points 1, 5 and 6), against the real server:
#   1. Track Document refuses '..' in words, offers to create an unknown item (the Create Item
#      dialog, answered through SILOMOD_AUTO_ANSWER_TRACK=create), and tracks an existing one as is.
#   5. alice's session began before bob connected: Who Is Editing? and Subscribe name her.
#   6. bob is blocked and asks for a handoff (SILOMOD_AUTO_ANSWER_BLOCKED=request_handoff): the
#      blocked card says the request went to alice; when alice leaves, the card settles.
#
# Args: sync_dir, new_part_number, new_file, held_part_number, held_file.
import os
import re
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402
import parts  # noqa: E402

import FreeCADGui as Gui  # noqa: E402


def blocked_card(activity):
    rows = [r for r in activity.panel().rows if r.Kind == "hard_interference_blocked"]
    return rows[0] if rows else None


def main():
    a = harness.args()
    sync = a["sync_dir"]

    from freecad.silo_mod import document, runtime, tracking
    from freecad.silo_mod.panels import activity, blocked_dialog, subscribe_dialog, track_dialog

    harness.join_silo("_newcomer")
    core = runtime.core()
    Gui.runCommand("Silo_ActivityPane")

    # 1. A new part: '..' is refused at once, the unknown part number is offered for creation.
    plate = parts.bracket("Plate")
    plate.saveAs(a["new_file"])
    refused = tracking.track(plate, "..", core, track_dialog.ask_create)
    harness.check("'..' refused in words", not refused.tracked and "not a valid part number" in refused.message, refused)
    harness.check("'..' left the document untracked", document.part_number(plate) is None)

    created = tracking.track(plate, a["new_part_number"], core, track_dialog.ask_create)
    shown = dict(track_dialog.last_shown)
    harness.detail("create_dialog", shown)
    harness.check("create dialog shown and accepted", shown.get("accepted") is True, shown)
    folder = os.path.basename(os.path.dirname(a["new_file"]))
    harness.check("dialog filled from the document",
                  (shown.get("values") or {}).get("project") == folder and (shown.get("values") or {}).get("description") == plate.Label,
                  shown.get("values"))
    harness.check("new item created and tracked", created.tracked and created.created
                  and document.part_number(plate) == a["new_part_number"], created)
    found = [i.PartNumber for i in core.facade.SearchItems(a["new_part_number"])]
    harness.check("item on the server", a["new_part_number"] in found, found)
    plate.save()

    # 1 and 5. An existing item, held by alice since before bob connected.
    held_pn = a["held_part_number"]
    bracket = parts.bracket("Bracket")
    bracket.saveAs(a["held_file"])
    track_dialog.last_shown.clear()
    existing = tracking.track(bracket, held_pn, core, track_dialog.ask_create)
    harness.check("existing item tracked without a dialog", existing.tracked and not existing.created and not track_dialog.last_shown,
                  existing)
    bracket.save()
    harness.show_whole_part()
    harness.wait_until(lambda: list(core.facade.Presence(held_pn)), timeout=30)
    text = core.facade.PresenceText(held_pn, core.facade.Presence(held_pn))
    harness.detail("who_is_editing", text)
    harness.check("Who Is Editing? names alice", "alice is editing Sketch" in text, text)
    since = core.facade.ClockText(core.facade.Presence(held_pn)[0].Since)
    harness.check("a .NET time crosses back for its words", re.fullmatch(r"\d\d:\d\d", since) is not None, since)
    search = subscribe_dialog.SubscribeDialog(core)
    search.search.setText(held_pn)
    search.refresh()
    marks = {row.text(0): row.text(2) for row in search.rows()}
    harness.check("Subscribe shows alice in a sketch of the held item", marks.get(held_pn) == "🟡 (alice)", marks)
    search.show()
    harness.pump(0.5)
    harness.check("screenshot of Subscribe", bool(harness.screenshot("subscribe_dialog_newcomer")))
    search.close()
    search.deleteLater()

    # 6. Blocked, handoff requested: the card says so.
    Gui.getDocument(bracket.Name).setEdit(bracket.getObject("Sketch"))
    answered = harness.wait_until(lambda: dict(blocked_dialog.last_shown), timeout=60)
    harness.check("blocked and asked for a handoff", (answered or {}).get("handoff") is True, answered)
    sent = harness.wait_until(lambda: (blocked_card(activity) is not None
                                       and any("Handoff requested from alice" in d for d in blocked_card(activity).Details)), timeout=30)
    card = blocked_card(activity)
    harness.detail("blocked_card_after_request", list(card.Details) if card else None)
    harness.check("blocked card shows the request went to alice", sent and not list(card.Actions), card)
    harness.pump(1.0)  # let the pane lay the changed card out before the screenshot
    harness.check("screenshot after request", bool(harness.screenshot("activity_pane_handoff_requested")))
    harness.touch(os.path.join(sync, "bob-requested"))

    # alice leaves (the test ends her session): the card settles.
    harness.check("alice left", harness.wait_for_file(os.path.join(sync, "alice-left"), timeout=120))
    settled = harness.wait_until(lambda: any("alice finished editing Sketch" in d for d in blocked_card(activity).Details), timeout=30)
    card = blocked_card(activity)
    harness.detail("blocked_card_settled", list(card.Details))
    harness.check("blocked card settled when alice left", settled and not list(card.Actions), list(card.Details))
    texts = [r.Text + " " + " ".join(r.Details) for r in activity.panel().rows]
    harness.check("no jargon in the pane", not any("circuit" in t.lower() for t in texts), texts)
    harness.pump(1.0)
    harness.check("screenshot settled", bool(harness.screenshot("activity_pane_settled")))


harness.run(main)
