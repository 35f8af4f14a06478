"""`export json` from SQLite, `import json` into PostgreSQL, `export json` again: the same
bytes. Over the full demo, the method's data (LAMP keys, replies, advice) included."""

from __future__ import annotations

import json

from infointerview_tui.core.dburl import parse_target
from infointerview_tui.core.demo import write_demo
from infointerview_tui.core.interop import jsonio
from infointerview_tui.core.store import Store
from tests.conftest import frozen_clock, open_store


def test_sqlite_to_postgresql_and_back_is_byte_identical(db_path, pg_ready_url, tmp_path):
    source = Store(db_path, clock=frozen_clock)
    server = open_store(parse_target(pg_ready_url))
    try:
        write_demo(source, 60, seed=7)
        first, second = tmp_path / "sqlite.json", tmp_path / "postgres.json"
        assert jsonio.export_json(source, first) == 60
        assert jsonio.import_json(server, first) == 60
        assert jsonio.export_json(server, second) == 60
        data = json.loads(first.read_text(encoding="utf-8"))
        for section in ("advice_items", "follow_ups", "interviews", "outreach"):
            assert data[section], section  # the method's data is in it
        assert any(o["motivation"] for o in data["organizations"])  # LAMP keys
        assert any(c["referred_by_id"] for c in data["contacts"])  # a forward reference
        assert second.read_bytes() == first.read_bytes()
        # The file's ids did not leave the server's sequences behind: new rows get new ids.
        (largest,) = server.query("SELECT max(id) FROM contact")[0]
        assert server.intents.add_contact("After the import", 1) == largest + 1
    finally:
        server.close()
        source.close()
