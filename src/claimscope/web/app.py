"""``claimscope serve``: the HTTP API and the web UI over a store (FastAPI, Jinja2).

The routes only call the library (store, evidence map, overview, analysis); this module adds what a
server needs around them: the write token, request size and time limits, a Content-Security-Policy
on every answer, and errors as JSON with a code for the API and as a page for the UI.
"""
from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..about import __version__
from ..errors import ClaimscopeError
from .common import ApiError

MAX_BODY_BYTES = 3 * 1024 * 1024  # a 2 MB page as JSON, with room for its escaping
REQUEST_TIMEOUT = 90.0  # past the analysis' own limit (60 s), so that one answers first
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Settings:
    db: str
    host: str = "127.0.0.1"
    token: str | None = None  # CLAIMSCOPE_TOKEN; required for writes when set, and always off loopback
    max_body: int = MAX_BODY_BYTES
    request_timeout: float = REQUEST_TIMEOUT

    def write_refusal(self, request: Request) -> str | None:
        """Why this request may not write (store, fetch a URL), or None when it may."""
        if self.token is None:
            if is_loopback(self.host):
                return None
            return "writes are off: the server listens beyond loopback and CLAIMSCOPE_TOKEN is not set"
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), self.token.encode()):
            return None
        return "this request writes: send the server's token as 'Authorization: Bearer TOKEN'"


class Guard:
    """ASGI middleware: security headers on every answer, a cap on the body a request may send
    (declared or streamed in chunks), and a time limit on each request."""

    def __init__(self, app, settings: Settings):
        self.app, self.settings = app, settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_secured(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message, headers=[*message.get("headers", []), *SECURITY_HEADERS])
            await send(message)

        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.settings.max_body):
            return await _raw_error(send_secured, 413, "E_BODY", f"request body over {self.settings.max_body:,} bytes")
        # the body is read here, up to the cap, whether declared or streamed in chunks; the app gets it whole
        body, more = b"", scope.get("method") in ("POST", "PUT", "PATCH")
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.settings.max_body:
                return await _raw_error(send_secured, 413, "E_BODY", f"request body over {self.settings.max_body:,} bytes")
            more = message.get("more_body", False)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        try:
            await asyncio.wait_for(self.app(scope, replay, send_secured), self.settings.request_timeout)
        except asyncio.TimeoutError:
            if not started:
                await _raw_error(send_secured, 503, "E_TIME",
                                 f"the request took longer than {self.settings.request_timeout:g} s")


async def _raw_error(send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def error_json(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


# ClaimscopeError codes that are the client's fault; the rest are the server's
_CLIENT_CODES = {"E001", "E002", "E003", "E009", "E010", "E011", "E012", "E013", "E014", "E015", "E016", "E017",
                 "E018", "E019", "E030", "E031", "E032", "E076"}


def _status_of(err: ClaimscopeError) -> int:
    if err.code == "E076":
        return 404
    if err.code in ("E011", "E010", "E018"):
        return 400
    if err.code in ("E003", "E017", "E031"):
        return 413
    if err.code in ("E012", "E013", "E014", "E016", "E019"):
        return 502
    if err.code in ("E092", "E093", "E091"):
        return 422  # the document could not be analyzed within the limits
    return 400 if err.code in _CLIENT_CODES else 500


def create_app(settings: Settings) -> FastAPI:
    from ..store import Store
    from . import api, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if app.state.analyst is not None:
            app.state.analyst.close()
        app.state.store.close()

    app = FastAPI(title="claimscope", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Who claims what, on what evidence, and how it is argued: the API over a claimscope store.")
    app.state.settings = settings
    app.state.store = Store.open(settings.db, create=False)
    app.state.analyst = None
    app.state.analyst_lock = threading.Lock()
    app.state.cache = OrderedDict()
    app.state.cache_lock = threading.Lock()

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, err: ApiError):
        return _answer(request, err.status, err.code, err.message)

    @app.exception_handler(ClaimscopeError)
    async def _claimscope_error(request: Request, err: ClaimscopeError):
        return _answer(request, _status_of(err), err.code, err.detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError):
        where = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in err.errors()[:5])
        return _answer(request, 422, "E_INVALID", f"malformed request: {where}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException):
        return _answer(request, err.status_code, f"E_HTTP_{err.status_code}", str(err.detail))

    app.include_router(api.router)
    app.include_router(pages.router)
    if is_loopback(settings.host):
        # a page elsewhere that rebinds its DNS name to 127.0.0.1 must not reach this server
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"])
    return Guard(app, settings)


def _answer(request: Request, status: int, code: str, message: str) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return error_json(status, code, message)
    from .pages import error_page
    return error_page(request, status, message)
