"""The question bank: five categories, AIR and TIARA tags, favourites; add, edit, reorder,
search, and filter by a tag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.stages import AIR_TAGS, CATEGORIES
from ..core.tiara import TIARA_CYCLE, TIARA_SHORT, TIARA_TAGS
from ..faults import on
from ..widgets.key_footer import KeyFooter
from ..widgets.lines import hang
from .base import StoreScreen

if TYPE_CHECKING:
    from ..core.questions import QuestionRow

AIR_CYCLE = {"": "A", "A": "I", "I": "R", "R": ""}
# The filter cycles through every tag: AIR's three letters, then TIARA's five.
FILTERS: tuple[str, ...] = ("", "A", "I", "R", *TIARA_TAGS)
FILTER_LABELS = {"": "all", **AIR_TAGS, **{k: f"TIARA {v}" for k, v in TIARA_TAGS.items()}}


class QuestionsScreen(StoreScreen):
    BINDINGS = [
        Binding("n", "add", "New", id="questions.new"),
        Binding("e,enter", "edit", "Edit", id="questions.edit"),
        Binding("d", "delete", "Delete", id="questions.delete"),
        Binding("f", "favourite", "★ Favourite", id="questions.favourite"),
        Binding("t", "tag", "AIR tag", id="questions.tag"),
        Binding("i", "tiara", "TIARA tag", id="questions.tiara"),
        Binding("F", "filter", "Filter by tag", id="questions.filter"),
        Binding("shift+up,K", "move(-1)", "Up", show=False, id="questions.up"),
        Binding("shift+down,J", "move(1)", "Down", show=False, id="questions.down"),
        Binding("slash", "search", "Search", id="questions.search"),
        Binding("escape", "clear_search", "Clear search", show=False, id="questions.clear"),
        Binding("r", "restore", "Restore defaults", id="questions.restore"),
    ]

    DEFAULT_CSS = """
    QuestionsScreen #bank { height: 1fr; }
    QuestionsScreen #search { dock: bottom; display: none; }
    QuestionsScreen #search.shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, QuestionRow] = {}
        self.search = ""
        self.tag = ""  # the filter: "" (all), an AIR letter or a TIARA tag

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Content(
                "Question bank · the five categories · AIR: Advice, Insight, Referral · "
                "TIARA: Trends, Insights, Advice, Resources, Assignments"
            ),
            classes="screen-title",
        )
        yield Static("", id="tag-filter")
        yield OptionList(id="bank")
        yield Input(placeholder="Search all categories", id="search")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.queue_reload()
        self.query_one("#bank", OptionList).focus()

    NARROW_BELOW = 110  # columns: below this a long question wraps under its own text
    _narrow = False

    def on_resize(self) -> None:
        self._narrow = self.size.width < self.NARROW_BELOW
        if self.is_mounted and (self._narrow or self.has_class("-narrow")):
            self.set_class(self._narrow, "-narrow")
            self.call_after_refresh(self.reload)  # once the list has its new width

    def on_screen_resume(self) -> None:
        self.queue_reload()

    def reload(self, select: int | None = None) -> None:
        listing = self.query_one("#bank", OptionList)
        current = self.selected
        keep = select if select is not None else (current.id if current else None)
        rows = self.store.questions.bank(search=self.search, tag=self.tag)
        self.query_one("#tag-filter", Static).update(
            Content.assemble(
                ("Showing: ", "$text-muted"),
                (FILTER_LABELS[self.tag], "bold"),
                ("  (F cycles the tags)", "$text-muted"),
            )
        )
        self.rows = {f"q{r.id}": r for r in rows}
        # The cells a question has (less the options' padding and the scrollbar).
        wrap = listing.content_region.width - 4 if self._narrow else 0
        options: list[Option] = []
        for number, title, hint in CATEGORIES:
            in_cat = [r for r in rows if r.category == number]
            options.append(
                Option(
                    Content.assemble(
                        (f"{number}. {title}", "bold $text-primary"),
                        (f"  {hint}", "$text-muted"),
                        (f"  ({len(in_cat)})", "$text-muted"),
                    ),
                    disabled=True,
                )
            )
            for r in in_cat:
                star = "★" if r.favourite else " "
                tag = f"[{AIR_TAGS[r.air][0]}]" if r.air else "   "
                tiara = f"{TIARA_SHORT[r.tiara]} " if r.tiara else "   "
                marks = Content.assemble(
                    (f" {star} ", "$text-warning"),
                    (f"{tag} ", "$text-accent"),
                    (tiara, "$text-success"),
                )
                # Narrow: a long question wraps under itself, not under its marks.
                prompt = hang(marks, Content(r.text), wrap) if wrap else marks + r.text
                options.append(Option(prompt, id=f"q{r.id}"))
        listing.set_options(options)
        target = f"q{keep}" if keep is not None and f"q{keep}" in self.rows else None
        if target is None and self.rows:
            target = next(iter(self.rows))
        if target:
            listing.highlighted = listing.get_option_index(target)

    @property
    def selected(self) -> QuestionRow | None:
        listing = self.query_one("#bank", OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self.rows.get(option.id or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in ("edit", "delete", "favourite", "tag", "tiara", "move"):
            return self.selected is not None
        if action == "clear_search":
            return bool(self.search) or self.query_one("#search").has_class("shown")
        return True

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    # -- actions -------------------------------------------------------------------

    def action_add(self) -> None:
        from .question_dialog import QuestionDialog, QuestionValues

        category = self.selected.category if self.selected else 1

        def added(question_id: int | None) -> None:
            if question_id is not None:
                self.reload(select=question_id)

        def add(new: QuestionValues) -> int:
            return self.store.intents.add_question(new.category, new.text, new.air, new.favourite)

        self.app.push_screen(QuestionDialog("New question", category=category, save=add), added)

    def action_edit(self) -> None:
        from .question_dialog import QuestionDialog, QuestionValues

        row = self.selected
        if row is None:
            return

        def edit(changed: QuestionValues) -> bool:
            self.store.intents.edit_question(
                row.id,
                category=changed.category,
                text=changed.text,
                air=changed.air,
                favourite=changed.favourite,
            )
            return True

        def edited(saved: bool | None) -> None:
            if saved:
                self.reload(select=row.id)

        self.app.push_screen(
            QuestionDialog(
                "Edit question",
                category=row.category,
                text=row.text,
                air=row.air,
                favourite=row.favourite,
                save=edit,
            ),
            edited,
        )

    def action_delete(self) -> None:
        from .dialogs import ConfirmDialog

        row = self.selected
        if row is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.store.intents.delete_question(row.id)
                self.reload()

        note = " (restore defaults brings it back)" if row.builtin else ""
        self.app.push_screen(
            ConfirmDialog(
                Content.from_markup("Delete [b]$text[/b]?$note", text=row.text, note=note), "Delete"
            ),
            confirmed,
        )

    def action_favourite(self) -> None:
        if row := self.selected:
            self.store.intents.toggle_favourite(row.id)
            self.reload(select=row.id)

    def action_tag(self) -> None:
        if row := self.selected:
            self.store.intents.edit_question(
                row.id,
                category=row.category,
                text=row.text,
                air=AIR_CYCLE[row.air],
                favourite=row.favourite,
            )
            self.reload(select=row.id)

    def action_tiara(self) -> None:
        if row := self.selected:
            self.store.intents.set_tiara(row.id, TIARA_CYCLE[row.tiara])
            self.reload(select=row.id)

    def action_filter(self) -> None:
        self.tag = FILTERS[(FILTERS.index(self.tag) + 1) % len(FILTERS)]
        self.reload()

    def action_move(self, delta: int) -> None:
        if (row := self.selected) and self.store.intents.move_question(row.id, delta):
            self.reload(select=row.id)

    def action_restore(self) -> None:
        from .dialogs import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                count = self.store.intents.restore_default_questions()
                self.reload()
                self.notify(f"Restored {count} built-in question(s); yours are untouched.")

        self.app.push_screen(
            ConfirmDialog(
                Content(
                    "Bring back the deleted built-in questions? Your own questions are not touched."
                ),
                "Restore",
            ),
            confirmed,
        )

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.add_class("shown")
        box.focus()

    def action_clear_search(self) -> None:
        box = self.query_one("#search", Input)
        box.value = ""
        box.remove_class("shown")
        self.search = ""
        self.reload()
        self.query_one("#bank", OptionList).focus()

    @on(Input.Changed, "#search")
    def _searching(self, event: Input.Changed) -> None:
        self.search = event.value.strip()
        self.reload()

    @on(Input.Submitted, "#search")
    def _searched(self) -> None:
        self.query_one("#bank", OptionList).focus()

    @on(OptionList.OptionSelected, "#bank")
    def _chosen(self) -> None:
        self.action_edit()
