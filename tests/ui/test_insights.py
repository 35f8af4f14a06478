"""The insights screen and the referral map, driven like a user would."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC

import pytest
from textual.widgets import Static, Tree

from infointerview_tui.__main__ import main
from tests.conftest import FROZEN, make_app

SIZE = (140, 42)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def report_json(db, tmp_path, monkeypatch, *args: str) -> dict:
    monkeypatch.setattr("infointerview_tui.core.dates.local_now", lambda: FROZEN)
    monkeypatch.setenv("INFOINTERVIEW_CONFIG", str(tmp_path / "none.toml"))
    out = tmp_path / f"report-{'-'.join(args).replace(' ', '_').replace(':', '')}.json"
    assert main(["report", str(out), "--db", str(db), "--format", "json", *args]) == 0
    return json.loads(out.read_text())


def shown_funnel(app) -> dict[str, int]:
    lines = text_of(app, "#funnel").splitlines()[:5]
    return {line[0]: int(re.search(r"\s(\d+)\s", line[15:]).group(1)) for line in lines}


def shown_outreach(app) -> tuple[int, int]:
    line = next(x for x in text_of(app, "#outreach").splitlines() if x.startswith("all"))
    sent, replied = line.split()[2:4]
    return int(sent), int(replied)


async def test_insights_shows_the_figures_the_report_gives(app, demo_store, tmp_path, monkeypatch):
    """On the demo database, for every period: the same numbers as `report --format json`."""
    since = {"30": "2026-10-27 13:00", "90": "2026-08-28 13:00"}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await settle(app, pilot)
        assert app.current_mode == "insights"
        for key in ("30", "90", "all"):
            assert app.screen.period_key == key
            args = ("--since", since[key]) if key in since else ()
            data = report_json(demo_store.path, tmp_path, monkeypatch, *args)
            assert shown_funnel(app) == data["funnel"]
            assert shown_outreach(app) == (data["outreach"]["sent"], data["outreach"]["replied"])
            air = text_of(app, "#air")
            assert f"{data['interviews']['done']} interviews done" in air
            assert f"({data['interviews']['per_week']:.2f} a week" in air
            assert f"referrals {data['referrals']['per_interview']:.2f} " in air
            assert f"({data['referrals']['count']})" in air
            assert f"{data['overdue']['thank_yous']} thank-yous" in air
            times = {str(t.stage): t.median_days for t in app.screen.stage_times}
            assert {k: v if v is None else round(v, 1) for k, v in times.items()} == data[
                "time_in_stage"
            ]
            await pilot.press("p")
            await settle(app, pilot)
        assert app.screen.period_key == "30"  # p cycles 30 -> 90 -> all -> 30


async def test_the_funnel_shows_while_the_time_in_stage_is_still_counted(
    app, demo_store, monkeypatch
):
    """Time in stage (the slow figure at 100,000 contacts) comes from its own worker: the
    rest shows first, its chart stays hidden and the title says "counting…" until then."""
    import threading

    import infointerview_tui.core.report as report

    release = threading.Event()
    counted = report.collect_stage_times

    def slow(store, period):
        assert release.wait(10)
        return counted(store, period)

    monkeypatch.setattr(report, "collect_stage_times", slow)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        for _ in range(200):  # bounded: 10 s
            await pilot.pause(0.05)
            if "people who reached each stage" in text_of(app, "#funnel"):
                break
        assert "people who reached each stage" in text_of(app, "#funnel")
        stages = app.screen.query_one("#stages")
        assert "counting…" in text_of(app, "#insights-title")
        assert stages.has_class("-empty") and app.screen.stage_times is None
        release.set()
        await settle(app, pilot)
        assert "counting…" not in text_of(app, "#insights-title")
        assert not stages.has_class("-empty")
        assert app.screen.stage_times[2].median_days is not None


async def test_enter_on_a_stuck_person_opens_them(app, demo_store):
    from infointerview_tui.core.insights import stuck

    with demo_store.db.engine.connect() as conn:
        longest = stuck(conn, FROZEN)[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await settle(app, pilot)
        assert longest.name in str(app.screen.query_one("#stuck").render_line(0).text)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ContactScreen"
        assert app.screen.contact_id == longest.contact_id


async def test_insights_and_map_are_in_help_and_palette(app):
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Insights" in titles and "Referral map" in titles
        await pilot.press("g")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "Period 30/90/all" in help_text and "Insights" in help_text


async def test_referral_map_lazy_tree(app, demo_store):
    from infointerview_tui.core.businessdays import BusinessCalendar
    from infointerview_tui.core.referrals import chain_stats, nodes

    with demo_store.db.engine.connect() as conn:
        stats = chain_stats(conn)
        roots = nodes(conn, None, now=FROZEN, calendar=BusinessCalendar(), local=UTC)
        kids = nodes(conn, roots[0].contact_id, now=FROZEN, calendar=BusinessCalendar(), local=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        assert app.current_mode == "referrals"
        summary = text_of(app, "#map-stats")
        assert f"{stats.chains} chains" in summary and f"deepest {stats.deepest}" in summary
        tree = app.screen.query_one(Tree)
        first = tree.root.children[0]
        assert first.data == roots[0].contact_id
        assert f"{roots[0].referrals} referral" in str(first.label)
        assert not first.children  # nothing loaded until it is opened
        await pilot.press("space")
        await settle(app, pilot)
        assert [c.data for c in first.children] == [k.contact_id for k in kids]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ContactScreen"
        assert app.screen.contact_id == kids[0].contact_id


async def test_referral_map_pages_and_shows_names_literally(store, monkeypatch):
    import infointerview_tui.core.referrals as referrals

    monkeypatch.setattr(referrals, "PAGE", 3)
    root = store.intents.add_contact("[bold]Eve[/ \x1b[31mred", 5)
    for i in range(4):
        store.intents.record_referral(root, f"Kid {i}")
    for i in range(4):
        store.intents.add_contact(f"Loner {i}", 1)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        tree = app.screen.query_one(Tree)
        labels = [str(c.label) for c in tree.root.children]
        assert labels[0].startswith("[bold]Eve[/ red")  # literal, escape stripped
        assert labels[-1] == "… more" and len(labels) == 4
        await pilot.press("space")
        await settle(app, pilot)
        assert len(tree.root.children[0].children) == 4  # 3 and "… more"
        tree.move_cursor(tree.root.children[-1])
        await pilot.press("enter")
        await settle(app, pilot)
        names = [str(c.label).split("  ")[0] for c in tree.root.children]
        assert len(names) == 5 and "… more" not in names


async def test_a_page_taller_than_a_screenful_is_drawn_whole_in_order(store, monkeypatch):
    """The map adds a screenful of a page before its first paint and the rest after it:
    every person once, in the order read, and "… more" last."""
    import infointerview_tui.core.referrals as referrals
    import infointerview_tui.screens.referral_map as referral_map

    monkeypatch.setattr(referrals, "PAGE", 9)
    monkeypatch.setattr(referral_map, "SCREENFUL", 4)
    for i in range(12):
        store.intents.add_contact(f"Person {i:02}", 1)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        tree = app.screen.query_one(Tree)
        labels = [str(c.label).split("  ")[0] for c in tree.root.children]
        assert labels == [f"Person {i:02}" for i in range(9)] + ["… more"]
        tree.move_cursor(tree.root.children[-1])
        await pilot.press("enter")
        await settle(app, pilot)
        labels = [str(c.label).split("  ")[0] for c in tree.root.children]
        assert labels == [f"Person {i:02}" for i in range(12)]


@pytest.mark.parametrize("key", ["g", "m"])
async def test_screens_open_on_an_empty_database(store, key):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await settle(app, pilot)
        if key == "g":
            assert "0%" not in text_of(app, "#funnel")
            assert "nobody is waiting" in str(app.screen.query_one("#stuck").render_line(0).text)
        else:
            assert "0 people" in text_of(app, "#map-stats")


async def test_a_failing_count_is_reported_not_left_counting(app, monkeypatch):
    import infointerview_tui.core.report as report

    def broken(*args, **kw):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(report, "collect", broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await settle(app, pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("disk I/O error" in m and "\n" not in m for m in messages)
        assert app.is_running


async def test_referral_map_redraws_its_labels_when_the_data_changes(store):
    """A change made elsewhere (another window, the CLI) shows on the map as it is: the
    new stage in the person's label, a new referral counted, the archived gone."""
    root = store.intents.add_contact("Root Person", 1)
    kid = store.intents.record_referral(root, "Kid Person")
    leaver = store.intents.add_contact("Leaving Person", 2)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        tree = app.screen.query_one(Tree)
        first = tree.root.children[0]
        assert first.data == root and "1 referral" in str(first.label)
        await pilot.press("space")
        await settle(app, pilot)
        assert [c.data for c in first.children] == [kid]
        store.intents.move_card(kid, 3, 4)
        store.intents.record_referral(root, "Second Kid")
        store.intents.archive(leaver)
        app.data_changed_signal.publish(None)
        await settle(app, pilot)
        assert "2 referrals" in str(first.label)
        assert "4 " in str(first.children[0].label).split("  ")[1]  # the kid's new stage
        assert leaver not in [c.data for c in tree.root.children]
        # Who joined an open level is drawn in it, in its place; nothing drawn moves.
        second = store.query("SELECT id FROM contact WHERE name = ?", ("Second Kid",))[0][0]
        assert [c.data for c in first.children] == [kid, second]
        newcomer = store.intents.add_contact("Aaron Newcomer", 1)
        app.data_changed_signal.publish(None)
        await settle(app, pilot)
        roots = [c.data for c in tree.root.children]
        assert roots == [root, newcomer]  # busiest first, then by name
        assert tree.cursor_node is first


async def test_the_referral_map_shows_a_change_made_while_it_was_away(store):
    """Opened once on an empty file, left for the board where a contact is added (in
    this window: no change notice), then opened again: the map counts and shows them
    (it kept its first picture before)."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        assert "0 people" in text_of(app, "#map-stats")
        await pilot.press("b")
        await settle(app, pilot)
        ana = store.intents.add_contact("Ana Ruiz", 1)
        await pilot.press("m")
        await settle(app, pilot)
        assert text_of(app, "#map-stats").startswith("1 people: 1 found yourself")
        assert [c.data for c in app.screen.query_one(Tree).root.children] == [ana]
