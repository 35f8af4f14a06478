"""`[keys]` in config.toml checked against the app's real bindings.

Textual applies a keymap (`App.set_keymap`) by binding id; given a key that another
binding of the same screen or widget already uses, it silently drops that other binding.
So before the keymap reaches Textual, every entry is checked here: an unknown id, a key
name Textual would never send, or a clash within one screen or widget is named in one
line, and that binding keeps its default key. Lives outside core/: it knows the widgets.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, format_key
from textual.screen import ModalScreen, Screen

MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
_PACKAGE = __package__ or "infointerview_tui"


def _character_to_key(character: str) -> str:
    """The key name Textual gives a typed character ("?" -> "question_mark"), as
    Textual's own (private) helper computes it."""
    if character.isalnum():
        key = character
    else:
        try:
            key = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            key = {"\t": "tab"}.get(character, character)
    return KEY_NAME_REPLACEMENTS.get(key, key)


# Special keys, and the names Textual gives printable ASCII ("plus", "slash", "at"…).
_NAMED = frozenset({k.value for k in Keys} | {_character_to_key(chr(c)) for c in range(33, 127)})


@functools.cache
def declared_bindings(cls: type) -> tuple[Binding, ...]:
    """Every binding `cls` has, its own and inherited, one per key, in declaration order;
    a class's binding for a key replaces its bases' (as Textual merges them)."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(cls.__mro__):
        own: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(base.__dict__.get("BINDINGS", [])):
            own.setdefault(binding.key, []).append(binding)
        keys.update(own)
    return tuple(binding for bindings in keys.values() for binding in bindings)


def bindings_for_key(cls: type, key: str, keymap: Mapping[str, str]) -> list[Binding]:
    """The bindings of `cls` that `key` runs, the user's [keys] remapping applied."""
    found = []
    for binding in declared_bindings(cls):
        remapped = keymap.get(binding.id) if binding.id else None
        keys = _normalize(remapped) if remapped else [binding.key]
        if key in keys:
            found.append(binding)
    return found


@dataclass(frozen=True)
class BindingInfo:
    """One binding id: where it acts, its default keys and what it does."""

    id: str
    scope: str
    keys: str
    description: str


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    sub: type[DOMNode]
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def binding_scopes() -> dict[str, type[DOMNode]]:
    """Every class of ours that declares BINDINGS: the app, each screen and widget."""
    from .app import InfoInterviewApp

    for folder in ("screens", "widgets"):
        package = importlib.import_module(f"{_PACKAGE}.{folder}")
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{_PACKAGE}.{folder}.{module.name}")
    scopes: dict[str, type[DOMNode]] = {"everywhere": InfoInterviewApp}
    for cls in sorted(set(_subclasses(DOMNode)), key=lambda c: c.__name__):
        if cls is InfoInterviewApp:
            continue
        if cls.__module__.startswith(_PACKAGE) and "BINDINGS" in cls.__dict__:
            scopes[cls.__name__] = cls
    return scopes


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The Binding objects a class declares itself (not inherited)."""
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def binding_ids() -> list[BindingInfo]:
    """Every rebindable id, in the order the screens declare them."""
    seen: dict[str, BindingInfo] = {}
    for scope, cls in binding_scopes().items():
        for binding in own_bindings(cls):
            if not binding.id:
                continue
            if binding.id in seen:  # one id shared by all dialogs: rebinds them all
                info = seen[binding.id]
                seen[binding.id] = BindingInfo(
                    info.id, f"{info.scope}, {scope}", info.keys, info.description
                )
            else:
                seen[binding.id] = BindingInfo(binding.id, scope, binding.key, binding.description)
    return list(seen.values())


def key_problem(keys: str) -> str | None:
    """Why a key string is not one Textual can deliver, or None when it is."""
    for key in (k.strip() for k in keys.split(",")):
        if not key:
            return "an empty key name"
        *mods, name = key.split("+") if len(key) > 1 else [key]
        if any(m not in MODIFIERS for m in mods) or not _known_key(name):
            return f"{key!r} is not a key name (examples: alt+down, ctrl+j, f5, L)"
    return None


def _known_key(name: str) -> bool:
    if len(name) == 1:
        return name.isprintable()
    if name in _NAMED or name.startswith("f") and name[1:].isdigit():
        return True
    try:  # "question_mark", "full_stop": the names Textual gives printable characters
        unicodedata.lookup(name.replace("_", " ").upper())
    except KeyError:
        return False
    return True


def _normalize(keys: str) -> list[str]:
    stripped = (k.strip() for k in keys.split(","))
    return [_character_to_key(k) if len(k) == 1 else k for k in stripped]


def _in_scope(cls: type[DOMNode], app: type[DOMNode]) -> list[Binding]:
    """The bindings live together while `cls` is active; a full screen adds the app's."""
    bindings = list(declared_bindings(cls))
    if issubclass(cls, Screen) and not issubclass(cls, ModalScreen):
        bindings += declared_bindings(app)
    return bindings


def _clashes(cls: type[DOMNode], app: type[DOMNode], keymap: Mapping[str, str]) -> dict[str, str]:
    """Rebound ids in `cls` whose new key another binding in scope also uses: id -> other."""
    owner: dict[str, list[Binding]] = {}
    for binding in _in_scope(cls, app):
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        for key in _normalize(keys):
            owner.setdefault(key, []).append(binding)
    clashes: dict[str, str] = {}
    for bindings in owner.values():
        actions = {(b.id or b.action) for b in bindings}
        if len(actions) < 2:
            continue
        for binding in bindings:
            if binding.id is not None and binding.id in keymap:
                other = next(b for b in bindings if (b.id or b.action) != binding.id)
                clashes[binding.id] = other.id or other.description or other.action
    return clashes


def check_keymap(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply, and one line per entry that was refused (default kept)."""
    if not keys:
        return {}, []
    known = {info.id for info in binding_ids()}
    problems: list[str] = []
    keymap: dict[str, str] = {}
    for binding_id, value in keys.items():
        if binding_id not in known:
            problems.append(
                f"[keys] {binding_id!r}: no such binding id (see `infointerview keys`); ignored"
            )
        elif why := key_problem(value):
            problems.append(f"[keys] {binding_id!r}: {why}; default kept")
        else:
            keymap[binding_id] = ",".join(_normalize(value))
    # Dropping one clashing entry puts its default key back, which may clash in turn.
    scopes = binding_scopes()
    while True:
        clashes: dict[str, str] = {}
        for cls in scopes.values():
            clashes.update(_clashes(cls, scopes["everywhere"], keymap))
        if not clashes:
            return keymap, problems
        for binding_id, other in clashes.items():
            problems.append(
                f"[keys] {binding_id!r} = {format_key(keymap.pop(binding_id))!r} clashes "
                f"with {other!r} on the same screen; default kept"
            )


def key_for(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys a binding answers to once the keymap is applied."""
    if binding.id and binding.id in keymap:
        return keymap[binding.id]
    return binding.key
