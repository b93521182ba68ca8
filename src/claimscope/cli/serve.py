"""`claimscope serve DB`: the web UI and HTTP API over a store."""
from __future__ import annotations

import os

import click

from ..errors import ClaimscopeError


@click.command(name="serve")
@click.argument("db")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Beyond loopback, writes need CLAIMSCOPE_TOKEN.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(db, host, port):
    """Serve the store DB (made by corpus add): the UI at / and the API under /api (OpenAPI at /openapi.json).

    Reading is open to whoever reaches the address; storing documents and fetching URLs need the token
    in CLAIMSCOPE_TOKEN (sent as 'Authorization: Bearer TOKEN') whenever it is set, and are refused
    without it when the server listens beyond loopback."""
    import uvicorn

    from ..web import Settings, create_app, is_loopback

    token = os.environ.get("CLAIMSCOPE_TOKEN") or None
    if token is not None and len(token) < 16:
        raise ClaimscopeError("E077", reason="CLAIMSCOPE_TOKEN is shorter than 16 characters")
    app = create_app(Settings(db=db, host=host, token=token))
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    writes = "writes need the token" if token else ("writes open (loopback only)" if is_loopback(host)
                                                     else "writes off (set CLAIMSCOPE_TOKEN)")
    click.echo(f"claimscope serving {db} at {where} ({writes}); Ctrl-C stops", err=True)
    _check_free(host, port)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=5)


def _check_free(host: str, port: int) -> None:
    """A clear message for an address in use (uvicorn would log it and exit)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            raise ClaimscopeError("E077", reason=f"cannot listen on {host}:{port} ({err.strerror or err})") from None


COMMANDS = (serve,)
