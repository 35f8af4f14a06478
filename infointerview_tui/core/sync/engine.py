"""Two-way sync of one collection at a time: find what changed on the server (ctag,
sync token or ETags), take the phone's edits into the app (3-way merge, the app wins a
conflict and the other value goes to the contact's notes), then make the server equal to
the app with conditional requests (If-None-Match on create, If-Match on replace/delete).
Objects the app did not create are never read, changed or deleted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from . import apply, bulk, local
from .dav import Conflict, Dav, Listing, SyncError
from .local import CONTACT, FOLLOW_UP, INTERVIEW, LocalObject
from .remote import Remote, merge, parse
from .report import SyncReport
from .state import Item, State

if TYPE_CHECKING:
    from ..store import Store

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Collection:
    key: str  # "calendar" / "addressbook"
    label: str
    kinds: tuple[str, ...]
    suffix: str

    @property
    def card(self) -> bool:
        return self.key == "addressbook"


CALENDAR = Collection("calendar", "calendar", (INTERVIEW, FOLLOW_UP), ".ics")
ADDRESSBOOK = Collection("addressbook", "address book", (CONTACT,), ".vcf")


class Syncer:
    def __init__(
        self, store: Store, dav: Dav, account: str, *, dry_run: bool, progress: Progress | None
    ) -> None:
        self.store = store
        self.dav = dav
        self.dry_run = dry_run
        self.state = State(store, account, dry_run=dry_run)
        self.report = SyncReport(dry_run=dry_run)
        self._progress = progress
        self.done = 0
        self.total = 0
        self.fresh: set[str] = set()  # collections this sync made
        self._uids: dict[str, dict[str, tuple[str, str]]] = {}

    def progress(self, message: str, step: int = 0) -> None:
        self.done += step
        if self._progress is not None:
            self._progress(min(self.done, self.total), max(self.total, 1), message)

    def run(self) -> SyncReport:
        start = time.perf_counter()
        try:
            self.progress("connecting")
            urls = {c.key: self._collection_url(c) for c in (CALENDAR, ADDRESSBOOK)}
            for collection in (ADDRESSBOOK, CALENDAR):
                self._sync(collection, urls[collection.key])
        finally:
            self.state.flush()
        self.report.seconds = time.perf_counter() - start
        self.progress("done")
        return self.report

    # -- where the collection is ---------------------------------------------------

    def _collection_url(self, collection: Collection) -> tuple[str | None, str, str]:
        """(url or None when it does not exist yet, ctag, sync token)."""
        known = self.state.collections.get(collection.key)
        if known is not None:
            try:
                return (known.url, *self.dav.collection_tags(known.url, token=False))
            except SyncError as exc:
                if exc.status != 404:
                    raise
        find = self.dav.calendar if collection.key == "calendar" else self.dav.addressbook
        url, missing = find(create=not self.dry_run)
        if missing:
            self.report.collections_created.append(collection.label)
            if url is not None:
                self.fresh.add(url)
        if url is None:
            return None, "", ""
        return (url, *self.dav.collection_tags(url, token=False))

    def _locals(self, collection: Collection) -> dict[str, LocalObject]:
        if collection.card:
            return local.contacts(self.store)
        return local.calendar_objects(self.store)

    # -- one collection ------------------------------------------------------------

    def _sync(self, collection: Collection, where: tuple[str | None, str, str]) -> None:
        url, ctag, _token = where
        objects = self._locals(collection)
        ours = self.state.by_href(collection.kinds)
        self.total += len(objects) + len(ours)
        if url is None:  # dry run against a server without the collection yet
            self.report.created += len(objects)
            return
        if url in self.fresh:  # made by this sync: what the state knew is gone with the old
            for item in ours.values():
                item.gone = True
            listing, base_token = Listing(), self.dav.collection_tags(url)[1]
        else:
            listing, base_token = self._changes(collection, url, ctag, ours)
        changed = {h: e for h, e in listing.etags.items() if h in ours and ours[h].etag != e}
        for href in listing.deleted:
            if href in ours:
                ours[href].gone = True
        if changed:
            self.progress(f"reading {len(changed)} changes from the server")
            fetched = self.dav.fetch(url, sorted(changed), collection.card)
            for href in changed:
                if href not in fetched:
                    ours[href].gone = True
            applied = False
            for href, (etag, text) in fetched.items():
                applied |= self._take(ours[href], objects, etag, text)
            if applied and not self.dry_run:
                objects = self._locals(collection)
        wrote = self._upload_fresh(collection, url, objects, ours)
        wrote |= self._push(collection, url, objects)
        self._save_tags(collection, url, ctag, base_token, wrote)

    def _upload_fresh(
        self, collection: Collection, url: str, objects: dict[str, LocalObject], ours: dict
    ) -> bool:
        """All objects at once into a collection this sync made, where the server can."""
        if self.dry_run or url not in self.fresh or any(not i.gone for i in ours.values()):
            return False
        self.progress(f"sending the {collection.label}")
        placed = bulk.upload_fresh(self.dav, url, objects, collection.card, self.store.now())
        if placed is None:
            return False
        self._uids[url] = placed
        for uid, obj in objects.items():
            if uid in placed:
                self._saved(obj, *placed[uid])
                self.report.created += 1
                self.progress("", 1)
        return True

    def _by_uid(self, collection: Collection, url: str) -> dict[str, tuple[str, str]]:
        """UID -> (href, ETag) of the collection's objects, read once per sync."""
        if url not in self._uids:
            self._uids[url] = bulk.uid_index(self.dav, url, collection.card)
        return self._uids[url]

    def _changes(
        self, collection: Collection, url: str, ctag: str, ours: dict[str, Item]
    ) -> tuple[Listing, str]:
        """What changed on the server since the last sync, and the token it is as of."""
        known = self.state.collections.get(collection.key)
        if known is not None and known.ctag and ctag and known.ctag == ctag:
            return Listing(), known.sync_token
        if known is not None and known.sync_token:
            since = self.dav.changes_since(url, known.sync_token)
            if since is not None:
                return since, since.token
        token = self.dav.collection_tags(url)[1]  # read before listing: never ahead of it
        listing = self.dav.list_etags(url)
        listing.deleted = {h for h in ours if h not in listing.etags}
        return listing, token

    def _take(self, item: Item, objects: dict[str, LocalObject], etag: str, text: str) -> bool:
        """Merge one object changed on the server into the app; True if the app changed."""
        item.etag = etag
        item.force = True
        remote = parse(item.kind, text)
        obj = objects.get(item.uid)
        if obj is None or remote is None or remote.uid != item.uid:
            return False  # gone from the app (deleted next), or unreadable: the app's wins
        take, conflicts = merge(item.base, obj.fields, remote.fields)
        name = obj.extra["name"]
        self.report.refused += [f"{name}: {why}" for why in remote.refused]
        changed = False
        if obj.kind == FOLLOW_UP and take.get("done"):
            self.report.completed.append(f"{obj.extra['kind']} — {name}")
            if self.dry_run:
                objects.pop(obj.uid)  # what the push would then see: done, so removed
            else:
                changed = apply.complete_follow_up(self.store, obj.record_id)
        elif obj.kind == INTERVIEW and "start" in take:
            changed = self._reschedule(obj, remote)
        elif obj.kind == CONTACT:
            changed = self._contact(obj, take, conflicts)
        item.base = {**obj.fields, **take}
        return changed

    def _reschedule(self, obj: LocalObject, remote: Remote) -> bool:
        name = obj.extra["name"]
        if obj.extra["status"] != "planned" or remote.start is None:
            self.report.refused.append(f"the interview with {name} is {obj.extra['status']}")
            return False
        when = remote.start.astimezone().strftime("%a %Y-%m-%d %H:%M")
        self.report.rescheduled.append(f"the interview with {name} to {when}")
        if not self.dry_run:
            apply.reschedule_interview(self.store, obj.record_id, obj.extra, remote.start)
        return not self.dry_run

    def _contact(self, obj: LocalObject, take: dict[str, str], conflicts: dict[str, str]) -> bool:
        from ..validation import ValidationError

        name = obj.extra["name"]
        changed = False
        if take:
            what = ", ".join(f"{k} → {v or '(none)'}" for k, v in sorted(take.items()))
            try:
                if not self.dry_run:
                    apply.update_contact(self.store, obj.record_id, take)
                    changed = True
                self.report.contacts_updated.append(f"{name}: {what}")
            except ValidationError as exc:
                self.report.refused.append(f"{name}: {exc}")
        notes = obj.extra["notes"]
        for key, theirs in sorted(conflicts.items()):
            kept = obj.fields[key] or "(none)"
            line = f"{apply.CONFLICT_MARK}] {key} on the server: {theirs or '(none)'} (kept {kept})"
            self.report.conflicts.append(f"{name}: {key} — kept {kept}, {theirs!r} in notes")
            if not self.dry_run:
                notes = apply.note_conflict(self.store, obj.record_id, notes, line)
                changed = True
        return changed

    # -- make the server equal to the app ----------------------------------------------

    def _push(self, collection: Collection, url: str, objects: dict[str, LocalObject]) -> bool:
        wrote = False
        stamp = self.store.now()
        for uid, obj in objects.items():
            item = self.state.items.get(uid)
            if item is not None and not (item.gone or item.force or item.digest != obj.digest):
                self.progress("", 1)
                continue
            wrote = True
            if item is None or item.gone:
                if item is None:
                    self.report.created += 1
                else:
                    self.report.recreated += 1
                if not self.dry_run:
                    self._create(collection, url, obj, stamp)
            else:
                self.report.updated += 1
                if not self.dry_run:
                    self._replace(collection, item, obj, stamp)
            self.progress(f"sending {collection.label}", 1)
        for item in list(self.state.items.values()):
            if item.kind in collection.kinds and item.uid not in objects:
                wrote = True
                if not item.gone:
                    self.report.deleted += 1
                if not self.dry_run:
                    self._delete(item)
                self.progress(f"removing from the {collection.label}", 1)
        return wrote

    def _href(self, url: str, obj: LocalObject, suffix: str) -> str:
        return urljoin(url, obj.uid + suffix)  # the name Radicale gives an upload too

    def _create(self, collection: Collection, url: str, obj: LocalObject, stamp: object) -> None:
        item = self.state.items.get(obj.uid)
        if item is not None and item.href.startswith(url):
            href = item.href
        else:  # new, or its collection was replaced (deleted on the phone, made again)
            href = self._href(url, obj, collection.suffix)
        text = obj.render(stamp)  # type: ignore[arg-type]
        try:
            etag = self.dav.put(href, text, None, collection.card)
        except Conflict:
            # Already there: ours, from a sync killed before it saved its state.
            found = self._by_uid(collection, url).get(obj.uid)
            if found is None:
                raise SyncError(
                    f"{href.rsplit('/', 1)[-1]} on the server was not made by infointerview; "
                    "it is left alone and this sync stops"
                ) from None
            href, etag = found
            etag = self.dav.put(href, text, etag, collection.card)
        self._saved(obj, href, etag)

    def _replace(self, collection: Collection, item: Item, obj: LocalObject, stamp: object) -> None:
        try:
            etag = self.dav.put(item.href, obj.render(stamp), item.etag, collection.card)  # type: ignore[arg-type]
        except Conflict:
            # Changed on the server since we looked: take its edits, then send ours.
            etag, text = self.dav.get(item.href)
            objects = {obj.uid: obj}
            if self._take(item, objects, etag, text):
                fresh = self._locals(collection).get(obj.uid)
                if fresh is None:
                    self._delete(item)
                    return
                obj = fresh
            try:
                etag = self.dav.put(item.href, obj.render(stamp), etag, collection.card)  # type: ignore[arg-type]
            except Conflict:
                self.report.retry.append(obj.extra["name"])
                return
        self._saved(obj, item.href, etag)

    def _saved(self, obj: LocalObject, href: str, etag: str) -> None:
        old = self.state.items.get(obj.uid)
        self.state.put(
            Item(
                uid=obj.uid,
                kind=obj.kind,
                record_id=obj.record_id,
                href=href,
                etag=etag,
                digest=obj.digest,
                base=dict(obj.fields),
                row_id=old.row_id if old else None,
            )
        )

    def _delete(self, item: Item) -> None:
        if not item.gone:
            try:
                self.dav.delete(item.href, item.etag)
            except Conflict:
                # Changed on the server, but the app deleted the record: it goes.
                etag, _ = self.dav.get(item.href)
                self.dav.delete(item.href, etag)
        self.state.remove(item)

    # -- remember where the server is ----------------------------------------------

    def _save_tags(
        self, collection: Collection, url: str, ctag: str, base_token: str, wrote: bool
    ) -> None:
        if self.dry_run:
            return
        if not wrote:
            self.state.save_collection(collection.key, url, ctag, base_token)
            return
        self.state.flush()
        new_ctag = self.dav.collection_tags(url, token=False)[0]
        check = self.dav.changes_since(url, base_token) if base_token else None
        full = check is None
        if check is None:
            check = self.dav.list_etags(url)
        ours = self.state.by_href(collection.kinds)
        consistent = all(ours[h].etag == e for h, e in check.etags.items() if h in ours)
        consistent &= not (check.deleted & set(ours))
        if full:
            consistent &= all(h in check.etags for h in ours)
        if consistent:
            self.state.save_collection(collection.key, url, new_ctag, check.token or base_token)
        else:
            # Someone changed an object while we wrote: look again next time.
            self.state.save_collection(collection.key, url, "", base_token)
