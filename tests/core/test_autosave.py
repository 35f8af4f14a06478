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


class Flaky:
    """A writer that fails (like a full disk or a locked database) until told not to."""

    def __init__(self) -> None:
        self.failing = True
        self.written: list[object] = []
        self.attempts = 0

    def __call__(self, value: object) -> None:
        self.attempts += 1
        if self.failing:
            import sqlite3

            raise sqlite3.OperationalError("database or disk is full")
        self.written.append(value)


def test_a_failed_write_keeps_the_text_and_retries_until_it_lands():
    flaky = Flaky()
    seen: list[BaseException] = []
    saver = Autosaver(on_error=seen.append, first_retry=0.01, last_retry=0.05)
    saver.put("note", flaky, "every word")
    assert saver.flush(2) is False  # not on disk yet, and flush says so quickly
    assert saver.unsaved() and saver.failing()
    assert "disk is full" in str(seen[0])
    deadline = time.monotonic() + 2
    while flaky.attempts < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert flaky.attempts >= 3  # retried on its own, with no new keystroke
    flaky.failing = False
    assert saver.flush(2) is True
    assert flaky.written[-1] == "every word" and not saver.unsaved()
    saver.close()


def test_newer_text_replaces_a_failing_value_and_is_written_once_possible():
    flaky = Flaky()
    saver = Autosaver(first_retry=10, last_retry=10)  # no background retry in this test
    saver.put("note", flaky, "old")
    assert saver.flush(2) is False
    saver.put("note", flaky, "old and new")
    flaky.failing = False
    assert saver.flush(2) is True  # tried at once, not after the 10 s back-off
    assert flaky.written == ["old and new"]
    saver.close()


def test_flush_does_not_hang_on_a_write_that_keeps_failing():
    flaky = Flaky()
    saver = Autosaver(first_retry=0.01, last_retry=0.02)
    saver.put("a", flaky, 1)
    started = time.monotonic()
    assert saver.flush(5) is False
    assert time.monotonic() - started < 1
    saver.close()  # gives up after one more try, without blocking
    assert not saver._thread.is_alive()
