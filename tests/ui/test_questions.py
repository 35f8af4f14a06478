"""The question bank screen, driven with keys."""

from __future__ import annotations

from textual.widgets import OptionList

SIZE = (140, 42)


def bank(app) -> OptionList:
    return app.screen.query_one("#bank", OptionList)


async def test_bank_shows_the_five_categories(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        prompts = [
            str(bank(app).get_option_at_index(i).prompt) for i in range(bank(app).option_count)
        ]
        for title in (
            "The person",
            "The job",
            "The company",
            "Advice for my situation",
            "Follow-up & referral",
        ):
            assert any(title in p for p in prompts)
        assert app.focused is bank(app)


async def test_add_favourite_tag_search_delete_and_restore(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q", "n", *"What surprised you most?", "enter")
        await pilot.pause()
        mine = [q for q in demo_store.questions.bank() if q.text == "What surprised you most?"]
        assert mine and app.screen.selected.id == mine[0].id
        await pilot.press("f", "t")
        row = [q for q in demo_store.questions.bank() if q.id == mine[0].id][0]
        assert row.favourite and row.air == "A"
        await pilot.press("slash", *"surprised")
        listing = bank(app)
        assert (
            sum(
                1
                for i in range(listing.option_count)
                if not listing.get_option_at_index(i).disabled
            )
            == 1
        )
        await pilot.press("escape")
        builtin = demo_store.questions.bank()[0]
        app.screen.reload(select=builtin.id)
        await pilot.press("d", "y")
        assert builtin.id not in {q.id for q in demo_store.questions.bank()}
        await pilot.press("r", "y")
        assert builtin.id in {q.id for q in demo_store.questions.bank()}
        assert mine[0].id in {q.id for q in demo_store.questions.bank()}


async def test_reorder_with_shift_keys(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        first, second = demo_store.questions.bank(category=1)[:2]
        app.screen.reload(select=second.id)
        await pilot.press("K")
        order = [q.id for q in demo_store.questions.bank(category=1)][:2]
        assert order == [second.id, first.id]


def questions_shown(app) -> list[str]:
    listing = bank(app)
    return [
        str(listing.get_option_at_index(i).prompt)
        for i in range(listing.option_count)
        if listing.get_option_at_index(i).id
    ]


async def test_filter_by_air_or_tiara_and_tag_with_i(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        everything = len(questions_shown(app))
        await pilot.press("F", "F", "F", "F")  # all -> A -> I -> R -> TIARA Trends
        assert "TIARA Trends" in str(app.screen.query_one("#tag-filter").render())
        trends = questions_shown(app)
        assert len(trends) == 2 and all(" Tr " in q for q in trends)
        assert len(trends) < everything
        await pilot.press("F", "F", "F", "F", "F")  # ... Assignments, then all again
        assert len(questions_shown(app)) == everything
        first = app.screen.selected  # still the Assignments question the filter showed
        assert first is not None and first.tiara == "assignments"
        await pilot.press("i")  # assignments -> untagged (the cycle ends)
        assert first.id not in {q.id for q in demo_store.questions.bank(tag="assignments")}
        await pilot.press("i")  # untagged -> trends
        assert first.id in {q.id for q in demo_store.questions.bank(tag="trends")}
        assert " Tr " in str(bank(app).get_option_at_index(bank(app).highlighted).prompt)
