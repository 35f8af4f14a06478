"""The collector's policy (infointerview_tui/gc_policy.py): what survives a full collection
leaves the next one's way, garbage is never frozen by it, and a clean frees what was
frozen and died since."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from infointerview_tui.gc_policy import FULL_EVERY, Collector


class Node:
    """A tracked object that can be in a reference cycle and be watched by a weakref."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector() -> Iterator[Collector]:
    made = Collector(growth=1_000, cap=5_000, freeze_from=1_000)
    made.start()
    try:
        yield made
    finally:
        made.stop(unfreeze=True)


def test_the_survivors_of_a_full_collection_are_out_of_the_next_ones_way(collector):
    kept = [[i] for i in range(5_000)]  # alive: 5,001 tracked objects made after start()
    before = gc.get_freeze_count()
    gc.collect()
    assert gc.get_freeze_count() >= before + len(kept)
    # What a full collection now walks: only what was made since, not those.
    assert sum(len(gc.get_objects(g)) for g in range(3)) < len(kept)


def test_full_collections_come_more_often_and_stop_restores_the_defaults():
    default = gc.get_threshold()
    collector = Collector()
    collector.start()
    try:
        assert gc.get_threshold()[2] == FULL_EVERY
        assert gc.get_freeze_count() > 0  # start-up's graph, frozen
    finally:
        collector.stop(unfreeze=True)
    assert gc.get_threshold() == default
    assert gc.get_freeze_count() == 0
    assert collector._after_collection not in gc.callbacks


def test_garbage_is_collected_not_frozen(collector):
    cycle = Node()
    dead = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert dead() is None


def test_a_clean_frees_what_was_frozen_and_died_since(collector):
    cycle = Node()
    dead = weakref.ref(cycle)
    gc.freeze()  # as a full collection's callback does while it is alive
    del cycle
    gc.collect()
    assert dead() is not None, "frozen: out of the collector's reach"
    assert collector.clean() >= 1
    assert dead() is None


def test_a_clean_is_due_past_growth_when_idle_and_past_cap_in_any_case(collector):
    assert not collector.due(idle=True)
    kept = [[i] for i in range(2_000)]
    gc.freeze()
    assert collector.due(idle=True)
    assert not collector.due(idle=False)
    kept += [[i] for i in range(5_000)]
    gc.freeze()
    assert collector.due(idle=False)
    collector.clean()
    assert not collector.due(idle=True), "a clean starts the count again"
    assert len(kept) == 7_000
