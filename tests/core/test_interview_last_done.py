"""A contact's most recently finished interview (`interview_rows.last_done`): what `i`
opens once nothing is planned, and the advice and insight a message template quotes.
The right one, and one seek whatever the number of other people's interviews (r0023)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from infointerview_tui.core.models import Interview
from infointerview_tui.core.store import Store
from tests.conftest import execute
from tests.core.test_linked import steps

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def back_to_before_the_last_done_index(conn) -> None:  # noqa: ANN001
    """What a database made before migration 0023 looks like (nor the later ones)."""
    from tests.core.test_board_terms import back_to_before_board_terms

    back_to_before_board_terms(conn)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_interview_contact_ended")


def _held(store: Store, contact_id: int, days_ago: int, advice: str) -> int:
    ended = NOW - timedelta(days=days_ago)
    return store.intents.record_past_interview(
        contact_id,
        started_at=ended - timedelta(minutes=30),
        ended_at=ended,
        advice=advice,
        insight=f"insight {advice}",
    )


def more_interviews_like(store: Store, interview_id: int, contact_id: int, n: int) -> None:
    """`n` copies of one finished interview for `contact_id`, each a minute later (SQL:
    no intent would add them fast)."""
    columns = [c.name for c in Interview.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
    picked = ", ".join(
        "?"
        if c == "contact_id"
        else "datetime(ended_at, '+' || i || ' minutes')"
        if c == "ended_at"
        else c
        for c in columns
    )
    execute(
        store,
        f"INSERT INTO interview ({', '.join(columns)}) WITH RECURSIVE n(i) AS (SELECT 1 "
        f"UNION ALL SELECT i + 1 FROM n WHERE i < {n}) SELECT {picked} FROM n "
        "JOIN interview ON interview.id = ?",
        (contact_id, interview_id),
    )


def test_the_latest_finished_interview_is_opened_and_quoted(tmp_path):
    store = Store(tmp_path / "last.db", clock=lambda: NOW)
    try:
        ada = store.intents.add_contact("Ada Li", 5)
        bo = store.intents.add_contact("Bo Chen", 5)
        _held(store, ada, 20, "older")
        latest = _held(store, ada, 3, "newest")
        _held(store, ada, 9, "middle")  # written up later, held earlier
        _held(store, bo, 1, "not hers")  # someone else's, later still
        assert store.interviews.latest_done(ada) == latest
        opened = store.intents.prepare_notes(ada)
        assert (opened.interview_id, opened.status, opened.created) == (latest, "done", False)
        context = store.message_context(ada)
        assert (context["advice"], context["insight"]) == ("newest", "insight newest")
        assert store.interviews.latest_done(store.intents.add_contact("Cy", 4)) is None
    finally:
        store.close()


def test_finding_it_does_not_read_other_peoples_interviews(tmp_path):
    """3,000 more finished interviews, all later than hers, of someone else: the same
    reads for her (it walked them all by date before r0023)."""
    store = Store(tmp_path / "flat.db", clock=lambda: NOW)
    try:
        ada = store.intents.add_contact("Ada Li", 5)
        bo = store.intents.add_contact("Bo Chen", 5)
        hers = _held(store, ada, 30, "hers")
        his = _held(store, bo, 2, "his")

        def read() -> None:
            assert store.interviews.latest_done(ada) == hers
            assert store.message_context(ada)["advice"] == "hers"

        small = steps(store, read)
        more_interviews_like(store, his, bo, 3000)
        large = steps(store, read)
    finally:
        store.close()
    assert large <= small * 1.1 + 20, (small, large)


def test_an_0022_database_gets_the_index(db_target):
    from tests.core.test_place_index import has_index, reopened_at

    store = reopened_at(db_target, "0022", back_to_before_the_last_done_index, 5, 50)
    try:
        with store.db.read() as conn:
            assert has_index(conn, "ix_interview_contact_ended")
    finally:
        store.close()
