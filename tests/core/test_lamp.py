"""The LAMP list: M, then P, then A; five active; a dry organization gives way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from infointerview_tui.core.settings import Settings
from infointerview_tui.core.validation import ValidationError
from tests.conftest import FROZEN


def org_id(store, name):
    return store.query("SELECT id FROM organization WHERE name = ?", (name,))[0][0]


def keyed(store, name, m, p, people=()):
    for person, how in people:
        store.intents.add_contact(person, 3, organization=name, how_found=how)
    store.intents.set_lamp(org_id(store, name), motivation=m, posting=p)


def test_sorted_by_motivation_then_posting_then_advocacy(store):
    keyed(store, "Beta", 2, 3, [("B1", "networking event")])
    keyed(store, "Alpha", 3, 1, [("A1", "networking event")])
    keyed(store, "Gamma", 2, 3, [("G1", "LinkedIn"), ("G2", "referral")])
    keyed(store, "Delta", 2, 2, [("D1", "contact")])
    names = [(e.name, e.motivation, e.posting, e.advocacy) for e in store.lamp_list(FROZEN)]
    assert names == [
        ("Alpha", 3, 1, 0),
        ("Gamma", 2, 3, 2),
        ("Beta", 2, 3, 0),
        ("Delta", 2, 2, 1),
    ]
    assert store.lamp_count() == 4


def test_keys_out_of_range_are_refused(store):
    keyed(store, "Alpha", 1, 1, [("A1", "")])
    with pytest.raises(ValidationError):
        store.intents.set_lamp(org_id(store, "Alpha"), motivation=4, posting=1)
    with pytest.raises(ValidationError):
        store.intents.set_lamp(org_id(store, "Alpha"), motivation=1, posting=0)


def test_a_dry_organization_gives_way_and_the_agenda_says_so(store):
    store.configure(Settings(), UTC)
    for i in range(6):
        keyed(store, f"Org{i}", 3 if i < 5 else 1, 1, [(f"P{i}", "")])
    entries = store.lamp_list(FROZEN)
    assert [e.name for e in entries if e.active] == ["Org0", "Org1", "Org2", "Org3", "Org4"]
    # Org1's only person never answers the first message nor the nudge: a curmudgeon.
    p1 = store.query("SELECT id FROM contact WHERE name = 'P1'")[0][0]
    store.intents.log_outreach(
        p1, channel="email", message="Hello", sent_at=FROZEN - timedelta(days=40)
    )
    later = FROZEN
    entries = store.lamp_list(later)
    assert [e.name for e in entries if e.active] == ["Org0", "Org2", "Org3", "Org4", "Org5"]
    assert [e.name for e in entries if e.dry] == ["Org1"]
    assert store.lamp_promotions(later) == [("Org1", "Org5")]
    kinds = {(i.kind, i.organization, i.note) for i in store.method_agenda(later)}
    assert ("lamp", "Org5", "Org1 ran dry: Org5 is now one of your five active") in kinds


def test_everyone_done_also_runs_dry(store):
    for i in range(6):
        keyed(store, f"Org{i}", 3 if i < 5 else 1, 1, [(f"P{i}", "")])
    p0 = store.query("SELECT id FROM contact WHERE name = 'P0'")[0][0]
    store.intents.move_card(p0, 3, 5)
    assert [e.name for e in store.lamp_list(datetime(2026, 1, 1, tzinfo=UTC)) if e.dry] == ["Org0"]
