"""The restore's record of ids already written (core/restore.py `IdSet`): a reference is
written at once only when what it points at is in; everything else waits."""

from __future__ import annotations

from infointerview_tui.core.restore import IdSet


def test_ids_written_are_known_and_no_others():
    ids = IdSet()
    written = [0, 1, 7, 8, 9, 1000, 399_999, IdSet.BITS - 1]
    for i in written:
        ids.add(i)
    assert all(i in ids for i in written)
    assert not any(i in ids for i in (2, 6, 10, 999, 1001, 400_000, IdSet.BITS - 2))


def test_odd_ids_from_a_file_are_kept_too():
    ids = IdSet()
    odd = [-3, IdSet.BITS, 10**12, "a-text-id"]
    for i in odd:
        ids.add(i)
    assert all(i in ids for i in odd)
    assert -2 not in ids and 10**12 + 1 not in ids and "other" not in ids
    assert len(ids._bits) == 0  # none of them took a bit (a huge id must not take GBs)


def test_four_hundred_thousand_ids_take_kilobytes():
    ids = IdSet()
    for i in range(1, 400_001):
        ids.add(i)
    assert 400_000 in ids and 400_001 not in ids
    assert len(ids._bits) < 128 * 1024
