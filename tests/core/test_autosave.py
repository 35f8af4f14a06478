"""The autosaver writes the latest value per key, in the background, and flushes."""

from __future__ import annotations

import threading
import time

from infointerview_tui.core.autosave import Autosaver


def test_latest_value_per_key_wins_and_flush_waits():
    written: list[tuple[str, str]] = []
    gate = threading.Event()

    def slow(value: tuple[str, str]) -> None:
        gate.wait(2)
        written.append(value)

    saver = Autosaver()
    saver.put("a", slow, ("a", "1"))
    time.sleep(0.05)  # the thread is now blocked writing a=1
    saver.put("a", slow, ("a", "2"))
    saver.put("a", slow, ("a", "3"))  # replaces a=2, never written
    saver.put("b", slow, ("b", "x"))
    gate.set()
    assert saver.flush(5)
    assert written == [("a", "1"), ("a", "3"), ("b", "x")]
    saver.close()


def test_errors_are_reported_not_swallowed():
    seen: list[BaseException] = []
    saver = Autosaver(on_error=seen.append)

    def boom(_value: object) -> None:
        raise OSError("disk full")

    saver.put("k", boom, 1)
    saver.flush()
    assert [str(e) for e in seen] == ["disk full"]
    saver.close()


def test_saves_reach_the_database_from_the_thread(store):
    cid = store.intents.add_contact("Writer", 4)
    interview = store.intents.open_notes(cid)
    answer = store.interviews.state(interview).answers[0]
    saver = Autosaver()
    base = (answer.version, answer.notes)

    def write(text: str) -> None:
        nonlocal base
        saved = store.intents.save_answer(answer.id, text, *base)
        assert not saved.merged  # one writer: nothing to merge
        base = (saved.version, saved.text)

    for text in ("h", "he", "hel", "hello"):
        saver.put(("answer", answer.id), write, text)
    saver.flush()
    assert store.interviews.state(interview).answers[0].notes == "hello"
    saver.close()
