"""The per-organization and per-field counts (core/counters.py) equal a fresh count
after any sequence of what users do, on SQLite and PostgreSQL, and after a migration."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import text

from infointerview_tui.core import counters
from infointerview_tui.core.outcomes import Conflict
from tests.conftest import execute, reopened_before

ORGS = ("Acme", "Globex", "Initech", "Umbrella")
FIELDS = ("Nursing", "Data science", "Teaching")
HOW = ("networking event", "LinkedIn", "referral", "Contacts", "cold email", "")


def stored(store) -> tuple[dict[int, tuple[int, int]], dict[int, int]]:
    with store.db.read() as conn:
        orgs = {
            int(i): (int(p), int(a))
            for i, p, a in conn.execute(
                text("SELECT organization_id, people, advocacy FROM organization_count")
            )
        }
        fields = {
            int(i): int(n)
            for i, n in conn.execute(
                text("SELECT career_field_id, contacts FROM career_field_count")
            )
        }
    return orgs, fields


def counted(store) -> tuple[dict[int, tuple[int, int]], dict[int, int]]:
    """The same counts, counted now from every contact: the old queries' definition
    (live people; advocates came from contacts, a referral or LinkedIn, or were referred)."""
    orgs: dict[int, tuple[int, int]] = {}
    fields: dict[int, int] = {}
    with store.db.read() as conn:
        for (i,) in conn.execute(text("SELECT id FROM organization")):
            orgs[int(i)] = (0, 0)
        for (i,) in conn.execute(text("SELECT id FROM career_field")):
            fields[int(i)] = 0
        rows = conn.execute(
            text(
                "SELECT organization_id, career_field_id, referred_by_id, how_found "
                "FROM contact WHERE NOT archived"
            )
        )
        for org, field, referrer, how in rows:
            advocate = referrer is not None or how.lower() in counters.ADVOCACY_SOURCES
            if org is not None:
                people, advocacy = orgs[int(org)]
                orgs[int(org)] = (people + 1, advocacy + int(advocate))
            if field is not None:
                fields[int(field)] += 1
    return orgs, fields


def org_ids(store) -> list[int]:
    return [o["id"] for o in store.catalog.organizations()]


def field_ids(store) -> list[int]:
    return [f["id"] for f in store.catalog.career_fields()]


def contact_ids(store) -> list[int]:
    with store.db.read() as conn:
        return [int(i) for (i,) in conn.execute(text("SELECT id FROM contact"))]


def act(store, rng: random.Random, step: int) -> None:
    """One thing a user (or another program) does that can change a count."""
    intents = store.intents
    people = contact_ids(store)
    choice = rng.randrange(9) if people else 0
    if choice in (0, 1):
        referrer = rng.choice(people) if people and rng.random() < 0.3 else None
        intents.add_contact(
            f"Person {step}",
            rng.randint(1, 5),
            organization=rng.choice((*ORGS, "")),
            career_field=rng.choice((*FIELDS, "")),
            referred_by_id=referrer,
            how_found=rng.choice(HOW),
        )
    elif choice == 2:
        who = rng.choice(people)
        values = {
            "organization": rng.choice((*ORGS, "Brand new " + str(step), "")),
            "career_field": rng.choice((*FIELDS, "")),
            "how_found": rng.choice(HOW),
        }
        intents.edit_contact(who, values)
    elif choice == 3:
        try:
            intents.archive(rng.choice(people))
        except Conflict:
            pass
    elif choice == 4:
        try:
            intents.restore(rng.choice(people))
        except Conflict:
            pass
    elif choice == 5 and len(org_ids(store)) > 1:
        a, b = rng.sample(org_ids(store), 2)
        intents.merge_organizations(a, b)
    elif choice == 6 and org_ids(store):
        try:
            intents.delete_organization(rng.choice(org_ids(store)))
        except Conflict:
            pass
    elif choice == 7 and len(field_ids(store)) > 1:
        a, b = rng.sample(field_ids(store), 2)
        intents.merge_career_fields(a, b)
    elif choice == 8:
        # Another program: a referrer deleted (its people lose their referrer, by the
        # foreign key) or a contact deleted outright.
        gone = rng.choice(people)
        words = "DELETE FROM search_term WHERE record_id = ? AND kind IN ('name', 'info')"
        execute(store, words, (gone,))
        execute(store, "DELETE FROM contact WHERE id = ?", (gone,))


@pytest.mark.parametrize("seed", [1, 2])
def test_the_counts_equal_a_fresh_count_after_random_intents(any_store, seed):
    rng = random.Random(seed)
    for step in range(60):
        act(any_store, rng, step)
        if step % 10 == 9:
            assert stored(any_store) == counted(any_store), f"after step {step}"
    assert stored(any_store) == counted(any_store)
    assert sum(p for p, _a in stored(any_store)[0].values()) > 0


def test_the_lamp_list_and_stages_show_the_counts(any_store):
    intents = any_store.intents
    intents.add_contact("Ann", 3, organization="Acme", career_field="Nursing", how_found="LinkedIn")
    intents.add_contact("Bob", 3, organization="Acme", career_field="Nursing", how_found="cold")
    carl = intents.add_contact("Carl", 3, organization="Globex", how_found="referral")
    intents.archive(carl)
    lamp = {e.name: (e.people, e.advocacy) for e in any_store.lamp_list(any_store.now())}
    assert lamp == {"Acme": (2, 1), "Globex": (0, 0)}
    assert {o["name"]: o["contacts"] for o in any_store.catalog.organizations()} == {
        "Acme": 2,
        "Globex": 0,
    }
    assert [(f["name"], f["contacts"]) for f in any_store.catalog.career_fields()] == [
        ("Nursing", 2)
    ]


def test_a_migrated_file_gets_the_counts_and_keeps_them(tmp_path):
    """A file from before migration 0012 (its counts dropped) is filled on open, and
    the triggers keep it right from then on."""
    from sqlalchemy import create_engine

    from infointerview_tui.core.demo import write_demo
    from infointerview_tui.core.store import Store

    path = tmp_path / "old.db"
    demo = Store(path)
    write_demo(demo, 60, seed=7)
    demo.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        back_to_before_the_counts(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0011'")
        conn.exec_driver_sql("PRAGMA user_version = 11")
    engine.dispose()
    store = Store(path)
    try:
        assert stored(store) == counted(store)
        assert sum(p for p, _a in stored(store)[0].values()) > 0
        act(store, random.Random(3), 1)
        store.intents.add_contact("Zed", 3, organization="Acme", how_found="LinkedIn")
        assert stored(store) == counted(store)
    finally:
        store.close()


TRIGGER_TABLES = {
    "tr_contact_counts_insert": "contact",
    "tr_contact_counts_delete": "contact",
    "tr_contact_counts_update": "contact",
    "tr_organization_count_add": "organization",
    "tr_organization_count_drop": "organization",
    "tr_career_field_count_add": "career_field",
    "tr_career_field_count_drop": "career_field",
}


def back_to_before_the_counts(conn) -> None:
    """What a database made before migration 0012 looks like (no counts, no triggers,
    nor what the later migrations added)."""
    from tests.core.test_stage_stats import back_to_before_stage_stats

    back_to_before_stage_stats(conn)
    counters.drop_triggers(conn, TRIGGER_TABLES)
    conn.exec_driver_sql("DROP TABLE organization_count")
    conn.exec_driver_sql("DROP TABLE career_field_count")


def test_migration_0012_fills_and_keeps_the_counts_on_both_engines(db_target):
    """A database at revision 0011 (no counts) with people in it: opening it runs 0012,
    which fills the counts; the triggers it installs keep them."""
    from tests.conftest import open_store

    store = open_store(db_target)
    rng = random.Random(5)
    for step in range(25):
        act(store, rng, step)
    assert set(TRIGGER_TABLES) == set(counters.TRIGGERS)
    store = reopened_before(store, db_target, back_to_before_the_counts, "0011")
    try:
        assert stored(store) == counted(store)
        assert sum(p for p, _a in stored(store)[0].values()) > 0
        for step in range(25, 40):
            act(store, rng, step)
        assert stored(store) == counted(store)
    finally:
        store.close()


def test_a_restored_export_is_counted_once_and_keeps_counting(any_demo_store, new_target, tmp_path):
    """`import json` recounts at its end instead of per row (counters.counted_at_the_end):
    the restored counts are those of the export, and the triggers are back after it,
    or after an import that failed half-way (its rollback restores them)."""
    from infointerview_tui.core.interop.jsonio import JsonImportError, export_json, import_json
    from tests.conftest import open_store

    export = tmp_path / "all.json"
    export_json(any_demo_store, export)
    restored = open_store(new_target("restored"))
    broken = open_store(new_target("broken"))
    try:
        import_json(restored, export)
        assert stored(restored) == stored(any_demo_store) == counted(restored)
        assert sum(p for p, _a in stored(restored)[0].values()) > 0
        org = restored.catalog.organizations()[0]
        before = stored(restored)[0][org["id"]]
        restored.intents.add_contact("New", 2, organization=org["name"], how_found="referral")
        assert stored(restored)[0][org["id"]] == (before[0] + 1, before[1] + 1)
        assert stored(restored) == counted(restored)

        # The export cut after its contacts: everything read so far is rolled back.
        text = export.read_text()
        export.write_text(text[: text.index('"outreach"')] + '"outreach": [{"id": "x"}]}')
        with pytest.raises(JsonImportError):
            import_json(broken, export)
        broken.intents.add_contact("Ann", 2, organization="Acme", career_field="Nursing")
        assert stored(broken) == counted(broken)
        assert stored(broken)[1] == {f["id"]: 1 for f in broken.catalog.career_fields()}
    finally:
        restored.close()
        broken.close()
