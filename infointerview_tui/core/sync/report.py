"""What a sync did (or, with --dry-run, would do), in lines a person reads."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SyncReport:
    dry_run: bool = False
    created: int = 0  # objects put on the server for the first time
    updated: int = 0  # objects replaced on the server
    deleted: int = 0  # objects removed from the server (deleted or done in the app)
    recreated: int = 0  # objects deleted on the server that the app still has
    completed: list[str] = field(default_factory=list)  # follow-ups done on the phone
    rescheduled: list[str] = field(default_factory=list)
    contacts_updated: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # both sides changed a field
    refused: list[str] = field(default_factory=list)  # phone edits the app cannot take
    retry: list[str] = field(default_factory=list)  # changed during the sync: next time
    collections_created: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def app_changes(self) -> int:
        return len(self.completed) + len(self.rescheduled) + len(self.contacts_updated)

    @property
    def server_changes(self) -> int:
        return self.created + self.updated + self.deleted + self.recreated

    def headline(self) -> str:
        verb = "would send" if self.dry_run else "sent"
        take = "would take" if self.dry_run else "took"
        if not self.server_changes and not self.app_changes and not self.conflicts:
            done = "nothing to do" if self.dry_run else "already in step"
            return f"sync: {done} ({self.seconds:.1f} s)"
        return (
            f"sync: {verb} {self.created} new, {self.updated} changed, {self.deleted} "
            f"removed; {take} {self.app_changes} edits from the server; "
            f"{len(self.conflicts)} conflicts ({self.seconds:.1f} s)"
        )

    def lines(self) -> list[str]:
        out = [self.headline()]
        prefix = "  would " if self.dry_run else "  "
        for name in self.collections_created:
            out.append(f"{prefix}create the {name} “infointerview”")
        for text in self.completed:
            out.append(f"{prefix}{'mark' if self.dry_run else 'marked'} done: {text}")
        for text in self.rescheduled:
            out.append(f"{prefix}{'move' if self.dry_run else 'moved'} {text}")
        for text in self.contacts_updated:
            out.append(f"{prefix}{'update' if self.dry_run else 'updated'} {text}")
        if self.recreated:
            things = "object" if self.recreated == 1 else "objects"
            out.append(
                f"{prefix}put back {self.recreated} {things} deleted on the server "
                "that the app still has"
            )
        for text in self.conflicts:
            out.append(f"  conflict: {text}")
        for text in self.refused:
            out.append(f"  not taken: {text}")
        for text in self.retry:
            out.append(f"  changed during the sync, taken next time: {text}")
        return out
