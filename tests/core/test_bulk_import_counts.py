"""A large LinkedIn import counts once at its end (counters.counted_at_the_end), not per
row; its figures are those a fresh count gives, after it and after one that failed."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from infointerview_tui.core import counters
from infointerview_tui.core.intents import Intents
from infointerview_tui.core.interop.errors import InteropError
from infointerview_tui.core.interop.linkedin import import_linkedin
from tests.conftest import dump
from tests.core.test_counters import counted, stored
from tests.core.test_stage_stats import assert_same_figures
from tests.core.test_streaming_imports import connections


@pytest.fixture
def bulk_writes(monkeypatch):
    """Lowers the size from which an import counts at its end (a test file is small),
    and records each time the triggers were dropped for one."""
    monkeypatch.setattr(Intents, "BULK_IMPORT", 50)
    monkeypatch.setattr(Intents, "IMPORT_BATCH", 40)  # several batches before the count
    seen: list[str] = []
    real = counters.counted_at_the_end

    @contextmanager
    def spy(conn):
        with real(conn):
            seen.append("bulk")
            yield

    monkeypatch.setattr(counters, "counted_at_the_end", spy)
    return seen


def test_a_large_linkedin_import_is_counted_once_and_keeps_counting(
    any_demo_store, bulk_writes, tmp_path
):
    store = any_demo_store
    path = connections(tmp_path / "Connections.csv", 120)  # 7 organizations, Acme 0-6
    report = import_linkedin(store, path)
    assert report.imported == 120
    assert bulk_writes == ["bulk"]
    assert stored(store) == counted(store)
    orgs, _fields = stored(store)
    acme = {o["name"]: o["id"] for o in store.catalog.organizations()}
    # LinkedIn connections are advocates where they work (Dalton's Advocacy).
    assert [orgs[acme[f"Acme {i}"]] for i in range(7)] == [(18, 18)] * 1 + [(17, 17)] * 6
    assert_same_figures(store, store.now())
    # The triggers are back: the next contact is counted as it arrives.
    store.intents.add_contact("Bo", 2, organization="Acme 3", how_found="referral")
    assert stored(store)[0][acme["Acme 3"]] == (18, 18)
    assert stored(store) == counted(store)
    assert_same_figures(store, store.now())


def test_a_failed_large_import_changes_no_figure_and_leaves_the_triggers(
    any_demo_store, bulk_writes, tmp_path
):
    store = any_demo_store
    before = dump(store)
    path = connections(tmp_path / "Connections.csv", 120, last='Bo,"Unclosed,x,,Acme,QA,\r\n')
    with pytest.raises(InteropError, match="a quote is not closed"):
        import_linkedin(store, path)
    assert bulk_writes == ["bulk"]  # it got as far as dropping them, then rolled back
    assert dump(store) == before
    org = store.catalog.organizations()[0]
    people, advocacy = stored(store)[0][org["id"]]
    store.intents.add_contact("Ann", 1, organization=org["name"], how_found="LinkedIn")
    assert stored(store)[0][org["id"]] == (people + 1, advocacy + 1)
    assert stored(store) == counted(store)
    assert_same_figures(store, store.now())


def test_a_few_people_into_a_larger_database_are_counted_as_they_arrive(
    demo_store, bulk_writes, tmp_path
):
    """Recounting passes over everyone already there: for an import smaller than the
    database it would cost more than the triggers it saves."""
    path = connections(tmp_path / "Connections.csv", 55)  # more than 50, fewer than 60
    assert import_linkedin(demo_store, path).imported == 55
    assert bulk_writes == []
    assert stored(demo_store) == counted(demo_store)
    assert_same_figures(demo_store, demo_store.now())
