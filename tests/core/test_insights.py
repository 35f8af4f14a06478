"""Insight figures against the hand-counted story in tests/insight_fixture.py."""

from __future__ import annotations

from datetime import UTC

import pytest

from infointerview_tui.core.businessdays import BusinessCalendar
from infointerview_tui.core.insights import Period, gather
from infointerview_tui.core.referrals import chain_stats, nodes
from infointerview_tui.core.report import collect, report_data
from infointerview_tui.core.settings import Settings
from tests.insight_fixture import EXPECTED_30, EXPECTED_ALL, NOW, build


@pytest.fixture
def story(tmp_path):
    store, ids = build(tmp_path / "story.db")
    yield store, ids
    store.close()


def _report(store, key: str = "all", **kw):
    collected = collect(store, Period.last(key, NOW), Settings(), UTC, **kw)
    return collected, report_data(collected, UTC, **kw)


def test_funnel_counts_people_who_reached_each_stage(story):
    store, _ = story
    _, data = _report(store)
    assert data["funnel"] == EXPECTED_ALL["funnel"]
    assert data["conversion"] == {"2": 0.8, "3": 0.75, "4": 0.6667, "5": 0.5}
    _, recent = _report(store, "30")
    assert recent["funnel"] == EXPECTED_30["funnel"]  # Fay's moves were in July


def test_outreach_reply_rates_and_responsiveness(story):
    store, _ = story
    _, data = _report(store)
    out = data["outreach"]
    assert {k: out[k] for k in ("sent", "replied", "reply_rate")} == EXPECTED_ALL["outreach"]
    assert out["median_business_days_to_reply"] == EXPECTED_ALL["median_reply_days"]
    assert out["responsiveness"] == EXPECTED_ALL["responsiveness"]
    channels = {g["label"]: (g["sent"], g["replied"]) for g in out["by_channel"]}
    assert channels == EXPECTED_ALL["by_channel"]  # "Email" and "email" are one channel
    sources = {g["label"]: (g["sent"], g["replied"]) for g in out["by_source"]}
    assert sources == EXPECTED_ALL["by_source"]
    referral = next(g for g in out["by_source"] if g["label"] == "referral")
    assert referral["responsiveness"]["obligate"] == 1
    assert referral["median_business_days_to_reply"] == 7


def test_interviews_air_and_referrals(story):
    store, _ = story
    _, data = _report(store)
    assert data["interviews"]["done"] == EXPECTED_ALL["interviews"]["done"]
    assert data["interviews"]["per_week"] == EXPECTED_ALL["interviews"]["per_week"]
    assert data["referrals"]["count"] == EXPECTED_ALL["referrals"]["count"]
    assert data["referrals"]["per_interview"] == EXPECTED_ALL["referrals"]["per_interview"]
    assert data["air"]["advice"] == 1 and data["air"]["insight"] == 0
    _, recent = _report(store, "30")
    assert recent["interviews"]["per_week"] == EXPECTED_30["per_week"]


def test_weekly_activity_buckets_by_local_monday(story):
    store, _ = story
    _, data = _report(store, "30")
    weeks = [(w["week"], w["sent"], w["interviews"]) for w in data["weekly"]["weeks"]]
    assert weeks == EXPECTED_30["weeks"]
    assert data["weekly"]["goal_outreach"] == Settings().goals.outreach


def test_time_in_stage_medians_and_who_is_stuck(story):
    store, ids = story
    collected, data = _report(store, with_names=True)
    medians = {t.stage: t.median_days for t in collected.insights.stage_times}
    for stage, expected in EXPECTED_ALL["time_in_stage"].items():
        assert medians[int(stage)] == pytest.approx(expected, abs=1e-6)
    assert [s["name"] for s in data["stuck"]] == EXPECTED_ALL["stuck"]
    assert collected.insights.stuck[0].contact_id == ids["fay"]
    assert collected.insights.stuck[0].days == pytest.approx(147)


def test_overdue_thank_yous_and_touches_are_counted(story):
    store, _ = story
    _, data = _report(store, with_names=True)
    assert data["overdue"] == EXPECTED_ALL["overdue"]
    assert data["names"]["overdue_thank_yous"] == ["Ana Brightwater"]  # not archived Eve
    assert data["names"]["overdue_stay_in_touch"] == ["Cy Mistvale"]


def test_referral_chains_and_nodes(story):
    store, ids = story
    with store.db.engine.connect() as conn:
        stats = chain_stats(conn)
        roots = nodes(conn, None, now=NOW, calendar=BusinessCalendar(), local=UTC)
        children = nodes(conn, ids["ana"], now=NOW, calendar=BusinessCalendar(), local=UTC)
    expected = EXPECTED_ALL["chains"]
    assert (stats.chains, stats.deepest, stats.widest, stats.largest, stats.roots) == (
        expected["chains"],
        expected["deepest"],
        expected["widest"],
        expected["largest"],
        expected["roots"],
    )
    assert roots[0].contact_id == ids["ana"]  # busiest referrer first
    ana = roots[0]
    assert (ana.stage, ana.referrals, ana.interviews, ana.advice, ana.insight) == (5, 1, 1, 1, 0)
    assert ana.responsiveness == "booster"
    by_id = {n.contact_id: n for n in roots}
    assert by_id[ids["cy"]].responsiveness == "curmudgeon"
    assert by_id[ids["dee"]].responsiveness is None
    assert ids["eve"] not in by_id and ids["ben"] not in by_id
    assert [(c.contact_id, c.responsiveness) for c in children] == [(ids["ben"], "obligate")]


def test_a_chain_two_deep_and_paging(tmp_path):
    from infointerview_tui.core.store import Store

    store = Store(tmp_path / "chain.db", clock=lambda: NOW)
    try:
        root = store.intents.add_contact("Root", 5)
        kids = [store.intents.record_referral(root, f"Kid {i}") for i in range(5)]
        store.intents.record_referral(kids[0], "Grandkid")
        with store.db.engine.connect() as conn:
            stats = chain_stats(conn)
            first = nodes(conn, root, now=NOW, calendar=BusinessCalendar(), local=UTC, limit=2)
            rest = nodes(
                conn, root, now=NOW, calendar=BusinessCalendar(), local=UTC, offset=2, limit=10
            )
    finally:
        store.close()
    assert (stats.deepest, stats.widest, stats.largest, stats.chains) == (2, 5, 7, 1)
    assert first[0].contact_id == kids[0]  # the one who referred someone comes first
    assert len(first) + len(rest) == 5
    assert {n.contact_id for n in first}.isdisjoint(n.contact_id for n in rest)


def test_gather_runs_on_a_connection_or_session(story):
    """The queries are plain selects: a Core connection and an ORM session agree."""
    store, _ = story
    period = Period.last("all", NOW)
    with store.db.engine.connect() as conn:
        a = gather(conn, period, calendar=BusinessCalendar(), local=UTC)
    with store.session() as session:
        b = gather(session, period, calendar=BusinessCalendar(), local=UTC)  # type: ignore[arg-type]
    assert a == b


def test_demo_report_matches_a_hand_count_from_export_json(demo_store, tmp_path):
    """`report` agrees with counting the `export json` document by hand (all time)."""
    import json

    from infointerview_tui.core.interop.jsonio import export_json

    export_json(demo_store, tmp_path / "everything.json")
    everything = json.loads((tmp_path / "everything.json").read_text(encoding="utf-8"))
    live = {c["id"]: c for c in everything["contacts"] if not c["archived"]}
    top = {cid: c["stage"] for cid, c in live.items()}
    for event in everything["stage_events"]:
        if event["contact_id"] in top:
            top[event["contact_id"]] = max(top[event["contact_id"]], event["to_stage"])
    funnel = {str(s): sum(1 for t in top.values() if t >= s) for s in range(1, 6)}
    outreach = [o for o in everything["outreach"] if o["contact_id"] in live]
    done = [
        i for i in everything["interviews"] if i["contact_id"] in live and i["status"] == "done"
    ]
    referred = [c for c in live.values() if c["referred_by_id"] is not None]

    _, data = _report(demo_store)
    assert data["funnel"] == funnel
    assert data["outreach"]["sent"] == len(outreach)
    assert data["outreach"]["replied"] == sum(1 for o in outreach if o["replied_at"])
    assert data["interviews"]["done"] == len(done)
    assert data["referrals"]["count"] == len(referred)
    assert data["referrals"]["per_interview"] == round(len(referred) / len(done), 4)
    assert data["air"]["advice"] == sum(1 for i in done if i["advice"])
