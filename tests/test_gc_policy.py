"""The collector's policy (infointerview_tui/gc_policy.py): start-up's graph is frozen,
CPython starts no full collection by itself, the app runs one at the user's pauses (or
past a bound), and it frees the cyclic garbage that reached the old generation."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from infointerview_tui import gc_policy
from infointerview_tui.gc_policy import NEVER, Collector


class Node:
    """A tracked object in a reference cycle, watched by a weakref."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector() -> Iterator[Collector]:
    made = Collector(busy_limit=5)
    made.start()
    try:
        yield made
    finally:
        made.stop(unfreeze=True)


@pytest.fixture
def full_collections() -> Iterator[list[bool]]:
    """Each full collection that ran: whether the policy ran it at a pause."""
    seen: list[bool] = []

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info.get("generation") == 2:
            seen.append(gc_policy.state["idle"])

    gc.callbacks.append(watch)
    try:
        yield seen
    finally:
        gc.callbacks.remove(watch)


def test_start_freezes_start_up_and_stop_restores_the_defaults():
    default = gc.get_threshold()
    collector = Collector()
    collector.start()
    try:
        assert gc.get_threshold() == (default[0], default[1], NEVER)
        assert gc.get_freeze_count() > 0  # what exists now: start-up's graph
    finally:
        collector.stop(unfreeze=True)
    assert gc.get_threshold() == default
    assert gc.get_freeze_count() == 0


def test_cpython_starts_no_full_collection_by_itself(collector, full_collections):
    kept = []
    for i in range(300_000):  # far past CPython's default point for a full collection
        node = Node()
        if i % 3 == 0:
            kept.append(node)
    assert collector.pending() > 10  # young collections went on (CPython: full at 10)
    assert full_collections == []
    assert len(kept) == 100_000


def test_a_full_collection_is_due_at_a_pause_or_past_the_bound(collector):
    gc.collect(2)
    assert not collector.due(idle=True), "nothing reached the old generation since"
    gc.collect(1)
    assert collector.due(idle=True)
    assert not collector.due(idle=False)
    for _ in range(4):
        gc.collect(1)
    assert collector.due(idle=False), "a user who never pauses: the bound"


def test_the_collection_frees_old_cyclic_garbage_and_says_when_it_ran(collector, full_collections):
    cycle = Node()
    dead = weakref.ref(cycle)
    gc.collect(1)
    gc.collect(1)  # in the old generation now, alive
    del cycle
    gc.collect(1)
    assert dead() is not None, "the young collections do not reach it"
    assert collector.collect(idle=True) >= 1
    assert dead() is None
    collector.collect(idle=False)
    assert full_collections == [True, False]
    assert gc_policy.state["idle"] is False


def test_a_collection_at_a_pause_freezes_what_it_found_alive(collector):
    kept = [[i] for i in range(5_000)]
    before = gc.get_freeze_count()
    collector.collect(idle=True)
    assert gc.get_freeze_count() >= before + len(kept)
    unfrozen = sum(len(gc.get_objects(g)) for g in range(3))
    assert unfrozen < len(kept), "the next collection walks only what is made after"
    collector.collect(idle=False)  # past the bound, busy: nothing frozen by it
    more = [[i] for i in range(5_000)]
    frozen = gc.get_freeze_count()
    collector.collect(idle=False)
    assert gc.get_freeze_count() == frozen
    assert len(more) == 5_000


def test_a_clean_frees_what_was_frozen_and_died_since():
    collector = Collector(growth=2_000, cap=10_000)
    collector.start()
    try:
        cycles = [Node() for _ in range(3_000)]
        dead = weakref.ref(cycles[0])
        collector.collect(idle=True)  # alive: frozen
        del cycles
        collector.collect(idle=True)
        assert dead() is not None, "frozen: out of a collection's reach"
        assert not collector.clean_due(idle_for=gc_policy.CAP_CLEAN_AFTER), "under the cap"
        assert collector.clean_due(idle_for=gc_policy.CLEAN_AFTER), "a long pause"
        assert collector.clean() >= 3_000
        assert dead() is None
        assert not collector.clean_due(idle_for=gc_policy.CLEAN_AFTER), "counted again"
        kept = [Node() for _ in range(12_000)]
        collector.collect(idle=True)
        assert collector.clean_due(idle_for=gc_policy.CAP_CLEAN_AFTER), "past the cap"
        assert not collector.clean_due(idle_for=gc_policy.IDLE_AFTER), "not at a short pause"
        assert not collector.clean_due(idle_for=0.0), "never while keys are coming"
        assert len(kept) == 12_000
    finally:
        collector.stop(unfreeze=True)


def test_a_pause_walks_at_most_the_limit_and_freezes_the_rest_unwalked(full_collections):
    """A burst of first visits leaves ~100,000 objects, nearly all alive: walking them all
    at the next pause had been 100-250 ms; past the limit they are frozen unwalked."""
    collector = Collector(walk_limit=5_000, busy_walk_limit=2_000)
    collector.start()
    try:
        alive = [Node() for _ in range(8_000)]  # a screen just built
        gc.collect(1)
        gc.collect(1)  # in the old generation now
        young_garbage = Node()
        dead = weakref.ref(young_garbage)
        del young_garbage
        collector.collect(idle=True)
        assert full_collections == [], "past the limit: no full walk"
        assert dead() is None, "the young generations were collected"
        assert sum(len(gc.get_objects(g)) for g in range(3)) < 1_000, "the rest frozen"
        assert not collector.clean_due(idle_for=gc_policy.CLEAN_AFTER)
        assert collector.grown >= len(alive), "counted toward the next clean"

        small = [Node() for _ in range(1_000)]  # what a short pause finds: walked
        gc.collect(1)
        gc.collect(1)
        collector.collect(idle=True)
        assert full_collections == [True]
        more = [Node() for _ in range(3_000)]  # busy: its own, lower limit
        gc.collect(1)
        gc.collect(1)
        collector.collect(idle=False)
        assert full_collections == [True], "past the busy limit: no full walk either"
        assert len(small) + len(more) == 4_000
    finally:
        collector.stop(unfreeze=True)
