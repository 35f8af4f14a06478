"""The referral map (`m`): who referred you to whom, as a tree loaded as you open it.

Roots are the people you found yourself, busiest referrers first; a node's children are
fetched from the database when it is expanded, a page at a time, so a map of 10,000
contacts opens as fast as one of 10.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static, Tree
from textual.widgets.tree import TreeNode

from ..core.stages import STAGES
from ..faults import FaultBarrier, on
from ..widgets.key_footer import KeyFooter
from .base import StoreScreen

if TYPE_CHECKING:
    from ..core.referrals import ChainStats, ReferralNode

STAGE = {s.number: f"{s.number} {s.label}" for s in STAGES}
TONE = {"booster": "green", "obligate": "yellow", "curmudgeon": "red"}


@dataclass(frozen=True, slots=True)
class More:
    """A "… more" node: expanding it loads the next page of `parent`'s children."""

    parent: int | None
    offset: int


SCREENFUL = 60  # a page's nodes added before its first paint (a tall terminal's rows)


@dataclass
class PageLoaded(Message):
    node: TreeNode[object]
    parent: int | None
    offset: int
    nodes: list[ReferralNode]
    has_more: bool


@dataclass
class LabelsLoaded(Message):
    people: dict[int, ReferralNode]
    asked: list[int]


@dataclass
class ChildrenRead(Message):
    """Each open level's first children as the database has them now (after a change)."""

    levels: list[tuple[TreeNode[object], list[ReferralNode]]]


@dataclass
class StatsLoaded(Message):
    stats: ChainStats
    version: object  # the database's data version they were read at (core/live.py)


def node_label(node: ReferralNode) -> Text:
    """Name (literal), stage, responsiveness and what the person yielded."""
    label = Text(node.name.replace("\n", " "), style="bold")
    label.append(f"  {STAGE.get(node.stage, str(node.stage))}", style="cyan")
    if node.responsiveness:
        label.append(f"  {node.responsiveness}", style=TONE[node.responsiveness])
    parts = []
    if node.interviews:
        parts.append(f"{node.interviews} interview{'s' if node.interviews != 1 else ''}")
    if node.advice or node.insight:
        parts.append(f"A{node.advice} I{node.insight}")
    if node.referrals:
        parts.append(f"{node.referrals} referral{'s' if node.referrals != 1 else ''}")
    if parts:
        label.append("  " + " · ".join(parts), style="dim")
    return label


def _ancestors(node: TreeNode[object]) -> list[TreeNode[object]]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _attached(node: TreeNode[object]) -> bool:
    """Still in the tree (not removed, nor under a removed node)."""
    while node.parent is not None:
        if node not in node.parent.children:
            return False
        node = node.parent
    return node.is_root


class ReferralTree(FaultBarrier, Tree[object]):
    """The tree with its keys named for the map: enter opens, space expands."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open contact", id="referrals.open"),
        Binding("space", "toggle_node", "Expand / collapse", id="referrals.toggle"),
    ]


class ReferralMapScreen(StoreScreen):
    _drawn_at: object = None  # the data version the figures shown were read at
    BINDINGS = [
        Binding("r", "reload", "Refresh", id="referrals.refresh"),
    ]

    DEFAULT_CSS = """
    ReferralMapScreen Tree { height: 1fr; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content("Referral map"), classes="screen-title", id="map-title")
        yield Static(Content("counting chains…"), classes="hint", id="map-stats")
        tree = ReferralTree("People you found yourself", id="map")
        tree.show_root = False
        tree.auto_expand = False
        tree.guide_depth = 3
        yield tree
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Tree).focus()
        self.rebuild()

    def on_screen_resume(self) -> None:
        # A return keeps the map as drawn (what you opened stays open), read again as
        # after a change in front of it if the data changed since (here or elsewhere).
        if self._drawn_at is not None:
            self.check_for_changes(self._drawn_at)

    @work(thread=True, exit_on_error=False, group="map-check", exclusive=True)
    def check_for_changes(self, drawn_at: object) -> None:
        from ..core.live import data_version

        with self.store.db.engine.connect() as conn:
            changed = data_version(conn) != drawn_at
        if changed:
            self.app.call_from_thread(self.queue_reload)

    def reload(self) -> None:
        """After a change (here or in another window): the chains' figures are counted
        again and the people drawn get their labels redrawn (someone archived or deleted
        leaves the map); the tree keeps what you opened (`r` redraws it from the top)."""
        self.load_stats()
        shown = [n.data for n in self._people_nodes()]
        if shown:
            self.load_labels(shown)  # type: ignore[arg-type]
        tree = self.query_one(Tree)
        levels = [tree.root, *(n for n in self._people_nodes() if n.is_expanded)]
        self.read_children([(n, n.data if isinstance(n.data, int) else None) for n in levels])

    @work(thread=True, exit_on_error=False, group="map-children", exclusive=True)
    def read_children(self, levels: list[tuple[TreeNode[object], int | None]]) -> None:
        """The first page of each open level again, to add who joined it since."""
        from ..core.referrals import PAGE

        found = []
        with self.store.db.engine.connect() as conn:
            for node, parent in levels:
                shown = sum(isinstance(c.data, int) for c in node.children)
                found.append((node, self._read_nodes(conn, parent, 0, max(PAGE, shown))))
        self.post_message(ChildrenRead(found))

    def _read_nodes(self, conn: Any, parent: int | None, offset: int, limit: int) -> list[Any]:
        """One page of `parent`'s people (None: the roots) as the map labels them now."""
        from ..core.businessdays import holiday_calendar
        from ..core.referrals import nodes

        now = self.local_now()
        return nodes(
            conn,
            parent,
            now=now,
            calendar=holiday_calendar(self.iapp.config.holidays),
            local=now.tzinfo,  # type: ignore[arg-type]
            offset=offset,
            limit=limit,
        )

    @on(ChildrenRead)
    def add_newcomers(self, message: ChildrenRead) -> None:
        """Who is new on an open level is drawn in its place in the order (before the next
        person already drawn, or before "… more"); nothing drawn moves."""
        for node, page in message.levels:
            if not _attached(node) or not (node.is_root or node.is_expanded):
                continue  # removed or closed meanwhile
            drawn = {c.data: c for c in node.children if isinstance(c.data, int)}
            more = next((c for c in node.children if isinstance(c.data, More)), None)
            for index, person in enumerate(page):
                if person.contact_id in drawn:
                    continue
                after = (drawn.get(p.contact_id) for p in page[index + 1 :])
                before = next((n for n in after if n is not None), more)
                added = node.add(
                    node_label(person),
                    data=person.contact_id,
                    before=before,
                    allow_expand=person.referrals > 0,
                )
                drawn[person.contact_id] = added

    def _people_nodes(self) -> list[TreeNode[object]]:
        found: list[TreeNode[object]] = []
        stack = list(self.query_one(Tree).root.children)
        while stack:
            node = stack.pop()
            if isinstance(node.data, int):
                found.append(node)
            stack.extend(node.children)
        return found

    @work(thread=True, exit_on_error=False, group="map-labels", exclusive=True)
    def load_labels(self, ids: list[int]) -> None:
        from ..core.businessdays import holiday_calendar
        from ..core.referrals import people

        now = self.local_now()
        with self.store.db.engine.connect() as conn:
            found = people(
                conn,
                sorted(set(ids)),
                now=now,
                calendar=holiday_calendar(self.iapp.config.holidays),
                local=now.tzinfo,  # type: ignore[arg-type]
            )
        self.post_message(LabelsLoaded(found, ids))

    @on(LabelsLoaded)
    def redraw_labels(self, message: LabelsLoaded) -> None:
        asked = set(message.asked)
        gone: list[TreeNode[object]] = []
        for node in self._people_nodes():
            if node.data not in asked:
                continue  # drawn after the question was asked: already fresh
            person = message.people.get(node.data)  # type: ignore[call-overload]
            if person is None:
                gone.append(node)
            else:
                node.set_label(node_label(person))
                node.allow_expand = person.referrals > 0 or bool(node.children)
        gone_ids = {id(n) for n in gone}
        for node in gone:  # (one whose parent goes too leaves with it)
            if not any(id(a) in gone_ids for a in _ancestors(node)):
                node.remove()

    def rebuild(self) -> None:
        tree: Tree[object] = self.query_one(Tree)
        tree.clear()
        self.load_page(tree.root, None, 0)
        self.load_stats()

    def action_reload(self) -> None:
        self.rebuild()

    @work(thread=True, exit_on_error=False, group="map-stats", exclusive=True)
    def load_stats(self) -> None:
        from ..core.live import data_version
        from ..core.referrals import chain_stats

        with self.store.db.engine.connect() as conn, conn.begin():
            # (one transaction: the version is the one the figures were read at)
            version = data_version(conn)
            self.post_message(StatsLoaded(chain_stats(conn), version))

    @work(thread=True, exit_on_error=False, group="map-pages")
    def load_page(self, node: TreeNode[object], parent: int | None, offset: int) -> None:
        from ..core.referrals import PAGE

        with self.store.db.engine.connect() as conn:
            # One more than shown: is there a next page?
            found = self._read_nodes(conn, parent, offset, PAGE + 1)
        self.post_message(PageLoaded(node, parent, offset, found[:PAGE], len(found) > PAGE))

    @on(PageLoaded)
    def add_page(self, message: PageLoaded) -> None:
        node = message.node
        self._add_nodes(message, 0)
        if node.is_root:
            self.query_one(Tree).move_cursor(node.children[0] if node.children else None)
        self.refresh_bindings()

    def _add_nodes(self, message: PageLoaded, start: int) -> None:
        """A page's nodes from `start` on: a screenful before the next paint, the rest
        (and "… more") right after it, so that a page of 200 shows as fast as one of 10.
        (If the level was read again in between, who that read drew is not drawn twice.)"""
        node, nodes = message.node, message.nodes
        if start and not _attached(node):
            return
        drawn = {c.data for c in node.children} if start else set()
        end = start + SCREENFUL if start == 0 else len(nodes)
        for person in nodes[start:end]:
            if person.contact_id not in drawn:
                node.add(
                    node_label(person), data=person.contact_id, allow_expand=person.referrals > 0
                )
        if end < len(nodes):
            self.call_after_refresh(self._add_nodes, message, end)
        elif message.has_more and not any(isinstance(c, More) for c in drawn):
            offset = message.offset + len(nodes)
            node.add(Text("… more", style="dim italic"), data=More(message.parent, offset))

    @on(StatsLoaded)
    def show_stats(self, message: StatsLoaded) -> None:
        self._drawn_at = message.version
        s = message.stats
        self.query_one("#map-stats", Static).update(
            Content(
                f"{s.people} people: {s.roots} found yourself, {s.referred} through a referral · "
                f"{s.chains} chains · deepest {s.deepest} step(s) · widest {s.widest} "
                f"from one person · largest {s.largest} people"
            )
        )

    @on(Tree.NodeExpanded)
    def expanded(self, event: Tree.NodeExpanded[object]) -> None:
        node = event.node
        if isinstance(node.data, int) and not node.children:
            self.load_page(node, node.data, 0)

    @on(Tree.NodeSelected)
    def selected(self, event: Tree.NodeSelected[object]) -> None:
        """Enter (or a click): open the person, or load the next page on "… more"."""
        node = event.node
        if isinstance(node.data, int):
            self.open_contact(node.data)
        elif isinstance(node.data, More):
            more, parent = node.data, node.parent
            node.remove()
            if parent is not None:
                self.load_page(parent, more.parent, more.offset)
