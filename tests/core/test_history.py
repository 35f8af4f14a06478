"""State-checked writes: a stale view never writes false history, undo only undoes
this window's latest change, two writers of one text both keep their words."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infointerview_tui.core.interview_rows import MERGE_MARK
from infointerview_tui.core.outcomes import Conflict, UndoStack
from infointerview_tui.core.store import Store
from tests.conftest import FROZEN, assert_history_is_a_chain, open_store


def _stage(store: Store, contact_id: int) -> int:
    return store.contacts.state(contact_id).stage


def test_a_stale_view_cannot_move_a_card(db_target):
    a, b = open_store(db_target), open_store(db_target)
    try:
        cid = a.intents.add_contact("Ada", 2)
        a.intents.move_card(cid, 2, 3)
        with pytest.raises(Conflict, match="Ada has moved to 3"):
            b.intents.move_card(cid, 2, 3)  # B still shows Ada in stage 2
        with pytest.raises(Conflict):
            b.intents.move_card(cid, 2, 1)
        assert _stage(a, cid) == 3
        assert [(h.from_stage, h.to_stage) for h in a.contacts.history(cid)] == [
            (None, 2),
            (2, 3),
        ]
    finally:
        a.close()
        b.close()


def test_undo_refuses_once_the_contact_moved_on(store):
    cid = store.intents.add_contact("Ada", 3)
    move = store.intents.move_card(cid, 3, 4)
    # The interview is held and finished: the card moves on to 5 by itself.
    store.intents.finish_interview(store.intents.open_notes(cid))
    with pytest.raises(Conflict, match="can't undo: Ada has moved since"):
        store.intents.undo(move)
    assert _stage(store, cid) == 5
    assert_history_is_a_chain(store)


def test_undo_of_the_latest_move_and_of_an_archive(store):
    cid = store.intents.add_contact("Ada", 1)
    other = store.intents.add_contact("Bob", 1)
    stack = UndoStack()
    stack.push(store.intents.move_card(cid, 1, 2))
    stack.push(store.intents.archive(other))
    assert store.contacts.stage_counts() == {1: 0, 2: 1, 3: 0, 4: 0, 5: 0}
    store.intents.undo_last(stack)
    assert store.contacts.stage_counts()[1] == 1  # Bob is back
    store.intents.undo_last(stack)
    assert _stage(store, cid) == 1 and not stack


def test_undoing_two_moves_of_one_card_walks_it_back(store):
    cid = store.intents.add_contact("Ada", 1)
    stack = UndoStack()
    stack.push(store.intents.move_card(cid, 1, 2))
    stack.push(store.intents.move_card(cid, 2, 3))
    store.intents.undo_last(stack)
    store.intents.undo_last(stack)
    assert _stage(store, cid) == 1 and not stack
    assert_history_is_a_chain(store)
    assert_history_is_a_chain(store)


def test_an_earlier_move_is_not_undone_over_another_windows_moves(db_target):
    """Found by two windows pressing keys for a minute: window A moves 5→4, B moves it
    back 4→5, A moves 5→4 again and undoes that (4→5): A's first move is not its latest
    change any more (B's came between), so undoing it is refused; it used to write a
    second 4→5 for a card at 5, breaking the chain."""
    a, b = open_store(db_target), open_store(db_target)
    try:
        cid = a.intents.add_contact("Ada", 5)
        stack = UndoStack()
        stack.push(a.intents.move_card(cid, 5, 4))
        b.intents.move_card(cid, 4, 5)
        stack.push(a.intents.move_card(cid, 5, 4))
        a.intents.undo_last(stack)
        assert _stage(a, cid) == 5
        with pytest.raises(Conflict, match="moved since"):
            a.intents.undo_last(stack)
        assert _stage(a, cid) == 5 and not stack
        assert_history_is_a_chain(a)
    finally:
        a.close()
        b.close()


def test_two_windows_typing_one_answer_keep_both_texts(db_target):
    a, b = open_store(db_target), open_store(db_target)
    try:
        cid = a.intents.add_contact("Ada", 4)
        interview = a.intents.open_notes(cid)
        answer = a.interviews.state(interview).answers[0]
        first = a.intents.save_answer(answer.id, "typed in A", answer.version, answer.notes)
        assert not first.merged
        second = b.intents.save_answer(answer.id, "typed in B", answer.version, answer.notes)
        assert second.merged  # B is told
        stored = a.interviews.state(interview).answers[0].notes
        assert stored == "typed in A" + MERGE_MARK + "typed in B" == second.text
        # A keeps typing from what it had: its next save sees B's words and keeps them too.
        third = a.intents.save_answer(answer.id, "typed in A, more", first.version, first.text)
        assert third.merged and "typed in B" in third.text and "typed in A, more" in third.text
    finally:
        a.close()
        b.close()


def test_two_windows_typing_the_interview_notes_keep_both_texts(db_target):
    a, b = open_store(db_target), open_store(db_target)
    try:
        interview = a.intents.open_notes(a.intents.add_contact("Ada", 4))
        version = a.interviews.state(interview).version
        first = a.intents.save_interview_text(interview, "free_notes", "from A", version, "")
        second = b.intents.save_interview_text(interview, "free_notes", "from B", version, "")
        assert not first.merged and second.merged
        assert second.text == "from A" + MERGE_MARK + "from B"
    finally:
        a.close()
        b.close()


def test_windows_saving_one_answer_at_the_same_moment_lose_no_text(db_target):
    """Three windows (threads, each its own store) save one answer from the same base at
    once, ten times over: every text typed is in the answer at the end."""
    stores = [open_store(db_target) for _ in range(3)]
    try:
        interview = stores[0].intents.open_notes(stores[0].intents.add_contact("Ada", 4))
        answer = stores[0].interviews.state(interview).answers[0]
        typed: list[str] = []
        for round_ in range(10):
            now = stores[0].interviews.state(interview).answers[0]
            texts = [f"{now.notes} round {round_} window {w}".strip() for w in range(3)]
            typed += [f"round {round_} window {w}" for w in range(3)]
            start = threading.Barrier(3)

            def save(w: int, now=now, texts=texts, start=start) -> None:  # noqa: ANN001
                start.wait(5)
                stores[w].intents.save_answer(answer.id, texts[w], now.version, now.notes)

            threads = [threading.Thread(target=save, args=(w,)) for w in range(3)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
        final = stores[0].interviews.state(interview).answers[0].notes
        assert [t for t in typed if t not in final] == []
    finally:
        for s in stores:
            s.close()


def test_a_form_edit_over_a_changed_field_is_refused(store):
    cid = store.intents.add_contact("Ada", 1, title="Analyst")
    store.intents.edit_contact(cid, {"title": "Engineer"})  # another window
    with pytest.raises(Conflict, match="title changed in another window"):
        store.intents.edit_contact(cid, {"title": "Countess"}, base={"title": "Analyst"})
    # A field nobody else touched saves, whatever else changed meanwhile.
    store.intents.edit_contact(cid, {"email": "ada@example.org"}, base={"email": ""})
    assert store.contacts.view(cid).values["title"] == "Engineer"  # type: ignore[union-attr]


OPS = st.lists(
    st.tuples(
        st.sampled_from(("a", "b")),
        st.sampled_from(("next", "prev", "undo", "archive", "restore", "finish", "look")),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_two_windows_doing_anything_keep_every_history_a_chain(db_target, ops):
    # Every example adds its own four people to the test's database (a file, or a server
    # database): all of them, from every example, must keep a chain.
    stores = {"a": open_store(db_target), "b": open_store(db_target)}
    try:
        ids = [stores["a"].intents.add_contact(f"P{i}", 1 + i % 5) for i in range(4)]
        # What each window last saw: a stale view is the point of the test.
        views = {w: {c: _stage(s, c) for c in ids} for w, s in stores.items()}
        stacks = {w: UndoStack() for w in stores}
        refused = 0
        for window, op, k in ops:
            store, view, stack, cid = stores[window], views[window], stacks[window], ids[k]
            try:
                if op in ("next", "prev"):
                    target = view[cid] + (1 if op == "next" else -1)
                    if 1 <= target <= 5:
                        stack.push(store.intents.move_card(cid, view[cid], target))
                elif op == "undo":
                    store.intents.undo_last(stack)
                elif op == "archive":
                    stack.push(store.intents.archive(cid))
                elif op == "restore":
                    store.intents.restore(cid)
                elif op == "finish":
                    store.intents.finish_interview(store.intents.open_notes(cid))
                else:
                    views[window] = {c: _stage(store, c) for c in ids}
            except Conflict:
                refused += 1
                views[window] = {c: _stage(store, c) for c in ids}  # the view reloads
        assert_history_is_a_chain(stores["a"])
    finally:
        for s in stores.values():
            s.close()


def test_the_clock_of_a_move_is_the_store_clock(store):
    cid = store.intents.add_contact("Ada", 1)
    store.db.clock = lambda: FROZEN + timedelta(hours=2)
    store.intents.move_card(cid, 1, 2)
    assert store.contacts.history(cid)[-1].at == FROZEN + timedelta(hours=2)
