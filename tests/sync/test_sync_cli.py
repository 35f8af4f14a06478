"""`infointerview sync` from the shell: clear one-line failures that change nothing,
secrets kept out of output and the database, TLS verified, and a killed sync resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from infointerview_tui.__main__ import main
from infointerview_tui.core.sync import run_sync
from infointerview_tui.core.sync.dav import SyncError

from . import phone, radicale


def _config(tmp_path: Path, url: str, ca_file: str = "") -> Path:
    path = tmp_path / "config.toml"
    ca = f'ca_file = "{ca_file}"\n' if ca_file else ""
    path.write_text(f'[sync]\nurl = "{url}"\nusername = "{radicale.USER}"\n{ca}', "utf-8")
    return path


def _demo(path: Path, contacts: int = 20) -> Path:
    assert main(["demo", "--db", str(path), "--contacts", str(contacts), "--no-open"]) == 0
    return path


def _db_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def _sync_rows(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM sync_item").fetchone()[0])
    finally:
        conn.close()


def test_sync_command_prints_a_summary(server, sync_env, tmp_path, capsys):
    db = _demo(tmp_path / "a.db")
    config = _config(tmp_path, server.url)
    capsys.readouterr()
    assert main(["sync", "--db", str(db), "--config", str(config)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("sync: sent ")
    assert radicale.PASSWORD not in out.out + out.err
    assert radicale.PASSWORD.encode() not in _db_bytes(db)
    assert main(["sync", "--db", str(db), "--config", str(config)]) == 0
    assert capsys.readouterr().out.startswith("sync: already in step")


def test_wrong_password_is_one_line_and_changes_nothing(
    server, tmp_path, capsys, monkeypatch, phone_client
):
    monkeypatch.setenv("INFOINTERVIEW_DAV_PASSWORD", "not-the-password-42")
    db = _demo(tmp_path / "a.db")
    before = _db_bytes(db)
    capsys.readouterr()
    code = main(["sync", "--db", str(db), "--config", str(_config(tmp_path, server.url))])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "refused the user name or password" in err
    assert "not-the-password-42" not in err and "Traceback" not in err
    assert _sync_rows(db) == 0 and _db_bytes(db) == before
    assert not phone_client.principal().get_calendars()


def test_offline_is_one_line_and_changes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INFOINTERVIEW_DAV_PASSWORD", radicale.PASSWORD)
    db = _demo(tmp_path / "a.db")
    port = radicale.free_port()  # nothing listens there
    capsys.readouterr()
    config = _config(tmp_path, f"http://127.0.0.1:{port}/")
    assert main(["sync", "--db", str(db), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err == f"infointerview: cannot reach 127.0.0.1:{port} (connection refused)\n"
    assert _sync_rows(db) == 0


def test_no_account_or_no_password_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("INFOINTERVIEW_DAV_PASSWORD", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    db = _demo(tmp_path / "a.db", 3)
    empty = tmp_path / "empty.toml"
    empty.write_text("", "utf-8")
    capsys.readouterr()
    assert main(["sync", "--db", str(db), "--config", str(empty)]) == 2
    assert "no sync account: set url and username under [sync]" in capsys.readouterr().err
    config = _config(tmp_path, "http://127.0.0.1:9/")
    assert main(["sync", "--db", str(db), "--config", str(config)]) == 2
    assert "no password for sam: set INFOINTERVIEW_DAV_PASSWORD" in capsys.readouterr().err


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_tls_self_signed_needs_ca_file(store, tmp_path):
    from infointerview_tui.core.settings import SyncSettings

    store.intents.add_contact("Ada Park", 3, email="ada@example.org")
    cert, key = _self_signed(tmp_path)
    server = radicale.start(tmp_path / "tls", cert=cert, key=key)
    try:
        plain = SyncSettings(url=server.url, username=radicale.USER)
        with pytest.raises(SyncError) as refused:
            run_sync(store, plain, radicale.PASSWORD)
        assert "TLS certificate not trusted" in str(refused.value)
        assert "ca_file" in str(refused.value) and radicale.PASSWORD not in str(refused.value)
        trusted = SyncSettings(url=server.url, username=radicale.USER, ca_file=str(cert))
        report = run_sync(store, trusted, radicale.PASSWORD)
        assert report.created == 1
    finally:
        server.stop()


def test_killed_sync_resumes_without_duplicates(server, tmp_path, phone_client):
    """kill -9 half way through a sync that sends objects one by one (the collections
    exist already); the next sync finishes the job without duplicates."""
    from infointerview_tui.core.store import Store
    from infointerview_tui.core.sync.local import calendar_objects, contacts

    db = _demo(tmp_path / "a.db", 5)
    config = _config(tmp_path, server.url)
    env = {**os.environ, "INFOINTERVIEW_DAV_PASSWORD": radicale.PASSWORD}
    command = [sys.executable, "-m", "infointerview_tui", "sync", "--db", str(db)]
    command += ["--config", str(config)]
    subprocess.run(command, env=env, capture_output=True, timeout=120, check=True)
    store = Store(db)
    try:
        for i in range(150):
            store.intents.add_contact(f"Person {i}", 3, email=f"p{i}@example.org")
    finally:
        store.close()
    book = server.storage / "collection-root" / radicale.USER / "infointerview-contacts"
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if len(list(book.glob("*.vcf"))) >= 5 + 40:  # some, not all, of the new cards
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the sync finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert 45 <= len(list(book.glob("*.vcf"))) < 155
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.stdout.startswith("sync: already in step"), again.stdout
    store = Store(db)
    try:
        cards = phone.cards(phone_client)
        assert len(cards) == len(contacts(store)) == 155
        uids = [str(o.icalendar_component["uid"]) for o in phone.events(phone_client)]
        uids += [str(o.icalendar_component["uid"]) for o in phone.todos(phone_client)]
        assert sorted(uids) == sorted(calendar_objects(store))
    finally:
        store.close()


def test_lost_state_finds_its_objects_again(tmp_path, server, sync_env, phone_client, capsys):
    """The server has the objects but the database lost track of them (a sync killed
    after an upload): the next sync finds them by UID instead of duplicating them."""
    import sqlite3

    db = _demo(tmp_path / "a.db", 30)
    config = _config(tmp_path, server.url)
    assert main(["sync", "--db", str(db), "--config", str(config)]) == 0
    before = len(phone.all_etags(phone_client))
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM sync_item")
    conn.execute("DELETE FROM sync_collection")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["sync", "--db", str(db), "--config", str(config)]) == 0
    assert len(phone.all_etags(phone_client)) == before
    assert _sync_rows(db) == before
    assert main(["sync", "--db", str(db), "--config", str(config)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("sync: already in step")
