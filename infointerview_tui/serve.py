"""`infointerview serve`: the same app in a browser, through textual-serve.

textual-serve starts one app process per browser tab by running a shell command line;
that line is built here with shlex.join, so a database path with spaces, quotes or `$(…)`
in it is one argument, never shell code. The app has no login of its own, so the server
listens on the loopback address only: another machine reaches it through SSH.
"""

from __future__ import annotations

import re
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"
LOCAL_NAMES = frozenset({LOOPBACK, "localhost"})
# A <link> to anywhere but this machine (textual-serve's page asks Google for a font).
_REMOTE_FONT = re.compile(r"<link[^>]*href=\"https?://(?!127\.0\.0\.1[:/])[^\"]*\"[^>]*>")


class ServeError(Exception):
    """A reason not to serve, in one line."""


def check_host(host: str, port: int) -> str:
    """The address to listen on: loopback only; anything else is refused with the way."""
    if host not in LOCAL_NAMES:
        raise ServeError(
            f"serve listens on {LOOPBACK} only: the app has no login, so it is never "
            f"exposed. To use it from another computer, forward the port over SSH: "
            f"ssh -L {port}:localhost:{port} THIS-HOST, then open http://localhost:{port}"
        )
    return LOOPBACK


def check_port(port: int) -> None:
    """Refuse a port outside 1-65535, or one something else already listens on."""
    if not 1 <= port <= 65535:
        raise ServeError(f"--port must be between 1 and 65535, not {port}")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            raise ServeError(
                f"port {port} is in use on {LOOPBACK}: pick another with --port"
            ) from None


def app_command(db: Path, config: Path) -> str:
    """The command line textual-serve runs per connection: this app, same database."""
    return shlex.join(
        [sys.executable, "-m", "infointerview_tui", "--db", str(db), "--config", str(config)]
    )


def serve(db: Path, config: Path, port: int, host: str = LOOPBACK) -> None:
    """Serve the app on http://127.0.0.1:PORT until ctrl+c."""
    address = check_host(host, port)
    check_port(port)
    try:
        from textual_serve.server import Server
    except ImportError:
        raise ServeError("serve needs textual-serve: pip install 'infointerview[web]'") from None

    from aiohttp import web

    url = f"http://{address}:{port}"

    @web.middleware
    async def local_only(request: web.Request, handler: Any) -> web.StreamResponse:
        # textual-serve's page loads a web font from Google; the app makes no network
        # calls, so the page falls back to the local monospace font instead.
        response = await handler(request)
        if request.path == "/" and isinstance(response, web.Response) and response.text:
            response.text = _REMOTE_FONT.sub("", response.text)
        return response

    class AppServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(local_only)
            return app

        async def on_startup(self, app: object) -> None:  # type: ignore[override]
            print(f"infointerview in your browser: {url}  (ctrl+c stops)", flush=True)

    AppServer(app_command(db, config), host=address, port=port, title="infointerview").serve()
