"""core/ never imports Textual: it must run with no terminal at all."""

import pkgutil
import subprocess
import sys

import infointerview_tui.core as core


def test_core_modules_do_not_import_textual():
    names = [
        m.name
        for m in pkgutil.walk_packages(core.__path__, "infointerview_tui.core.")
        # Alembic's env.py and revisions run only inside Alembic (on its `context`).
        if not m.name.startswith("infointerview_tui.core.migrations.")
    ]
    assert "infointerview_tui.core.store" in names and len(names) > 10
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_opening_a_store_does_not_import_the_orm(tmp_path):
    """The board's chrome must not wait for SQLAlchemy/pydantic (~0.5 s cold): opening
    an up-to-date file imports neither (only a file that needs migrating loads Alembic);
    the first query, or `load()` on a worker thread, brings them in."""
    from infointerview_tui.core.store import Store

    path = tmp_path / "x.db"
    Store(path).close()
    code = (
        "import sys\n"
        "from infointerview_tui.core.store import Store\n"
        f"s = Store({str(path)!r})\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules]\n"
        "s.load()\n"
        "loaded = 'sqlalchemy' in sys.modules and s.contacts.stage_counts()[1] == 0\n"
        "print(heavy, loaded); sys.exit(1 if heavy or not loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_board_reads_with_the_kept_sql_without_importing_the_orm(tmp_path):
    """With the board's SQL kept by an earlier run, its first read (counts and a page of
    cards) needs neither SQLAlchemy nor SQLModel nor pydantic (core/quick_board.py)."""
    from infointerview_tui.core.store import Store

    path, cache = tmp_path / "x.db", tmp_path / "board-sql.json"
    first = Store(path)
    first.intents.add_contact("Early Card", 2)
    first.use_board_sql(cache)
    first.load()  # keeps the compiled SQL at `cache`
    first.close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from infointerview_tui.core.store import Store\n"
        f"s = Store({str(path)!r})\n"
        f"s.use_board_sql(Path({str(cache)!r}))\n"
        "seen = s.board_counts()[2], [c.name for c in s.board_cards(2, 0, 10)]\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules]\n"
        "print(seen, heavy)\n"
        "sys.exit(1 if heavy or seen != (1, ['Early Card']) else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
