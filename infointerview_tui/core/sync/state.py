"""Sync state in the database: one row per object the app put on the server (UID, href,
ETag, digest, the last agreed field values) and one per collection (URL, ctag, token).

Rows are written in small batches as the sync goes, so a sync killed half way leaves
state that is at worst a little behind the server; the engine recovers from that
(a create that finds its object, a replace whose ETag moved, a delete of what is gone).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

FLUSH_EVERY = 100


@dataclass
class Item:
    """An object the app created on the server, as last agreed with it."""

    uid: str
    kind: str
    record_id: int
    href: str
    etag: str = ""
    digest: str = ""
    base: dict[str, Any] = field(default_factory=dict)
    row_id: int | None = None
    gone: bool = False  # deleted on the server since the last sync
    force: bool = False  # changed on the server: send the app's version back


@dataclass
class CollectionState:
    kind: str
    account: str
    url: str
    sync_token: str = ""
    ctag: str = ""


class State:
    """Load, change and save the sync state; nothing is written when `dry_run`."""

    def __init__(self, store: Store, account: str, *, dry_run: bool) -> None:
        self.store = store
        self.account = account
        self.dry_run = dry_run
        self.items: dict[str, Item] = {}
        self.collections: dict[str, CollectionState] = {}
        self._dirty: dict[str, Item] = {}
        self._removed: dict[str, Item] = {}
        self._load()

    def _load(self) -> None:
        from sqlmodel import delete, select

        from ..models import SyncCollection, SyncItem

        with self.store.session() as session:
            collections = session.exec(select(SyncCollection)).all()
            if any(c.account != self.account for c in collections):
                # Another server or user: what we knew is about objects elsewhere.
                if not self.dry_run:
                    session.exec(delete(SyncItem))  # type: ignore[call-overload]
                    session.exec(delete(SyncCollection))  # type: ignore[call-overload]
                return
            for c in collections:
                self.collections[c.kind] = CollectionState(
                    c.kind, c.account, c.url, c.sync_token, c.ctag
                )
            for row in session.exec(select(SyncItem)):
                self.items[row.uid] = Item(
                    uid=row.uid,
                    kind=row.kind,
                    record_id=row.record_id,
                    href=row.href,
                    etag=row.etag,
                    digest=row.digest,
                    base=json.loads(row.base or "{}"),
                    row_id=row.id,
                )

    def by_href(self, kinds: tuple[str, ...]) -> dict[str, Item]:
        return {i.href: i for i in self.items.values() if i.kind in kinds}

    def put(self, item: Item) -> None:
        self.items[item.uid] = item
        self._dirty[item.uid] = item
        self._removed.pop(item.uid, None)
        self._maybe_flush()

    def remove(self, item: Item) -> None:
        self.items.pop(item.uid, None)
        self._dirty.pop(item.uid, None)
        self._removed[item.uid] = item
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self._dirty) + len(self._removed) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        from sqlmodel import col, delete

        from ..models import SyncItem

        if self.dry_run or not (self._dirty or self._removed):
            self._dirty.clear()
            self._removed.clear()
            return
        now = self.store.now()
        with self.store.session() as session:
            gone = [i.uid for i in self._removed.values()]
            if gone:
                session.exec(delete(SyncItem).where(col(SyncItem.uid).in_(gone)))  # type: ignore[call-overload]
            rows = []
            for item in self._dirty.values():
                row = session.get(SyncItem, item.row_id) if item.row_id else None
                if row is None:
                    row = SyncItem(
                        uid=item.uid,
                        kind=item.kind,
                        record_id=item.record_id,
                        href="",
                        synced_at=now,
                    )
                row.href = item.href
                row.etag = item.etag
                row.digest = item.digest
                row.base = json.dumps(item.base, sort_keys=True)
                row.synced_at = now
                session.add(row)
                rows.append((item, row))
            session.flush()
            for item, row in rows:
                item.row_id = row.id
        self._dirty.clear()
        self._removed.clear()

    def save_collection(self, kind: str, url: str, ctag: str, token: str) -> None:
        from sqlmodel import select

        from ..models import SyncCollection

        self.collections[kind] = CollectionState(kind, self.account, url, token, ctag)
        if self.dry_run:
            return
        self.flush()
        with self.store.session() as session:
            row = session.exec(select(SyncCollection).where(SyncCollection.kind == kind)).first()
            if row is None:
                row = SyncCollection(kind=kind, account=self.account, url=url)
            row.account, row.url, row.sync_token, row.ctag = self.account, url, token, ctag
            session.add(row)
