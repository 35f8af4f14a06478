"""Export files: 0600, created exclusively, never replacing a file unless asked."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from infointerview_tui.core.interop import files as files_module
from infointerview_tui.core.interop.backup import backup
from infointerview_tui.core.interop.errors import InteropError
from infointerview_tui.core.interop.files import OutputExists
from infointerview_tui.core.interop.ical import export_ics
from infointerview_tui.core.interop.jsonio import export_json
from infointerview_tui.core.interop.markdown import export_markdown, write_interview
from infointerview_tui.core.interop.vcard_export import export_vcard
from tests.test_cli import run

EXPORTS = {
    "json": lambda s, out, force=False: export_json(s, out, force=force),
    "vcard": lambda s, out, force=False: export_vcard(s, out, force=force),
    "ics": lambda s, out, force=False: export_ics(s, out, force=force),
    "backup": lambda s, out, force=False: backup(s, out, force=force),
    "markdown-one": lambda s, out, force=False: write_interview(s, 1, out, force=force),
}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_every_export_is_private_even_with_a_loose_umask(demo_store, tmp_path, kind):
    old = os.umask(0o000)
    try:
        out = tmp_path / f"out.{kind}"
        EXPORTS[kind](demo_store, out)
    finally:
        os.umask(old)
    assert mode(out) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp


def test_markdown_export_files_are_private(demo_store, tmp_path):
    assert export_markdown(demo_store, tmp_path / "notes") > 0
    assert {mode(p) for p in (tmp_path / "notes").iterdir()} == {0o600}


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_an_existing_file_is_replaced_only_with_force(demo_store, tmp_path, kind):
    out = tmp_path / "existing"
    out.write_text("my own file")
    with pytest.raises(OutputExists, match="already exists; use --force"):
        EXPORTS[kind](demo_store, out)
    assert out.read_text() == "my own file"
    EXPORTS[kind](demo_store, out, force=True)
    assert out.read_text(errors="replace") != "my own file" and mode(out) == 0o600


def test_markdown_export_writes_nothing_when_one_file_exists(demo_store, tmp_path):
    notes = tmp_path / "notes"
    export_markdown(demo_store, notes)
    first = sorted(notes.iterdir())
    first[0].write_text("edited by hand")
    for p in first[1:]:
        p.unlink()
    with pytest.raises(OutputExists):
        export_markdown(demo_store, notes)
    assert sorted(notes.iterdir()) == first[:1]  # nothing new written either
    assert export_markdown(demo_store, notes, force=True) == len(first)
    assert first[0].read_text() != "edited by hand"


def test_a_planted_symlink_is_never_written_through(demo_store, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "export.json"
    out.symlink_to(victim)
    # The old predictable temporary name, planted too.
    (tmp_path / ".export.json.tmp").symlink_to(victim)
    with pytest.raises(OutputExists):
        export_json(demo_store, out)
    assert victim.read_text() == "precious"
    export_json(demo_store, out, force=True)  # replaces the link itself, not its target
    assert victim.read_text() == "precious"
    assert not out.is_symlink() and mode(out) == 0o600


def test_a_file_appearing_during_the_export_is_not_replaced(demo_store, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "race.vcf"
    real_link = os.link

    def link(src, dst):  # someone creates the file between our check and our publish
        Path(dst).write_text("theirs")
        return real_link(src, dst)

    monkeypatch.setattr(files_module.os, "link", link)
    with pytest.raises(OutputExists):
        export_vcard(demo_store, out)
    assert out.read_text() == "theirs"
    assert [p.name for p in out.parent.iterdir()] == ["race.vcf"]  # our temp file is gone


def test_unwritable_directory_is_one_clear_error(demo_store, tmp_path):
    with pytest.raises(InteropError, match="cannot write"):
        export_json(demo_store, tmp_path / "missing" / "dir" / "x.json")


def test_cli_force_flag(tmp_path):
    db = tmp_path / "x.db"
    assert run("demo", "--db", str(db), "--no-open", "--contacts", "5").returncode == 0
    out = tmp_path / "c.vcf"
    out.write_text("mine")
    refused = run("export", "vcard", str(out), "--db", str(db))
    assert refused.returncode == 2 and out.read_text() == "mine"
    assert "--force" in refused.stderr
    done = run("export", "vcard", str(out), "--force", "--db", str(db))
    assert done.returncode == 0 and "BEGIN:VCARD" in out.read_text()
    assert mode(out) == 0o600
