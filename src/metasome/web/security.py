"""Request checks of the local web interface, applied to every request before any route.

* **Host**: the Host header must name the server itself (``127.0.0.1:PORT``,
  ``localhost:PORT`` or, when bound elsewhere on purpose, that address), which
  defeats DNS-rebinding pages that would otherwise reach a loopback server.
* **Launch token**: every request carries the per-launch token, either as
  ``?token=`` (first visit; answered with a redirect that drops it from the
  address bar and sets an HttpOnly, SameSite=Strict cookie), the cookie, or an
  ``X-Metasome-Token`` header (scripts). Anything else is refused with 403.
* **Origin**: a state-changing request (POST, PUT, PATCH, DELETE) whose Origin
  header is present must come from the server's own origin; a cross-site
  ``Sec-Fetch-Site`` is refused too.
* **Body size**: a declared Content-Length above the cap is refused with 413
  before reading; an undeclared (chunked) body is counted while it streams and
  refused with 413 as soon as it passes the cap.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

TOKEN_COOKIE = "metasome_token"
SESSION_COOKIE = "metasome_session"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: Sent with every answer: no framing, no sniffing, no referrer to other sites, scripts only from this server.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                 b"img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"),
]


class BodyTooLarge(Exception):
    """The request body passed the upload cap while streaming."""


def _headers(scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        out.setdefault(key.decode("latin-1").lower(), value.decode("latin-1"))
    return out


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8"))


async def _plain(send, status: int, text: str, extra: list | None = None) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store")] + (extra or [])
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityMiddleware:
    """Pure ASGI middleware enforcing Host, token, Origin and body-size rules (see the module docstring)."""

    def __init__(self, app, *, token: str, max_body: int, bind_host: str = "127.0.0.1", port: int | None = None):
        if not token:
            raise ValueError("a launch token is required")
        self.app = app
        self.token = token
        self.max_body = int(max_body)
        self.bind_host = bind_host
        self.port = port

    def _port(self, scope) -> int | None:
        if self.port is not None:
            return self.port
        server = scope.get("server")
        return server[1] if server else None

    def _allowed_hosts(self, scope) -> set[str]:
        port = self._port(scope)
        names = {"127.0.0.1", "localhost"}
        if self.bind_host not in ("127.0.0.1", "localhost", "0.0.0.0", "::", ""):
            names.add(self.bind_host if ":" not in self.bind_host else f"[{self.bind_host}]")
        allowed = {f"{n}:{port}" for n in names}
        if port in (80, None):
            allowed |= names
        return allowed

    def _origins(self, scope) -> set[str]:
        return {f"http://{h}" for h in self._allowed_hosts(scope)}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets are served
            return
        headers = _headers(scope)
        host = headers.get("host", "")
        if host.lower() not in self._allowed_hosts(scope):
            await _plain(send, 403, "Forbidden: unexpected Host header.")
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        cookies = SimpleCookie()
        try:
            cookies.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header counts as no cookie
            cookies = SimpleCookie()
        cookie_token = cookies[TOKEN_COOKIE].value if TOKEN_COOKIE in cookies else None
        query_token = query.get("token")
        header_token = headers.get("x-metasome-token")
        if not (_same(cookie_token, self.token) or _same(query_token, self.token)
                or _same(header_token, self.token)):
            await _plain(send, 403, "Forbidden: open the address printed by 'metasome serve' "
                                    "(it carries this launch's token).")
            return
        method = scope.get("method", "GET").upper()
        if method in UNSAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None and origin not in self._origins(scope):
                await _plain(send, 403, "Forbidden: cross-origin request.")
                return
            if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                await _plain(send, 403, "Forbidden: cross-site request.")
                return
        length = headers.get("content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _plain(send, 400, "Bad Request: invalid Content-Length.")
                return
            if declared > self.max_body:
                await _plain(send, 413, f"Upload too large: the limit is {self.max_body // (1024 * 1024)} MB.",
                             [(b"connection", b"close")])
                return

        set_cookies: list[tuple[bytes, bytes]] = []
        secure_flags = "HttpOnly; SameSite=Strict; Path=/"
        if not _same(cookie_token, self.token):
            set_cookies.append((b"set-cookie", f"{TOKEN_COOKIE}={self.token}; {secure_flags}".encode()))
        session = cookies[SESSION_COOKIE].value if SESSION_COOKIE in cookies else ""
        if not (len(session) == 32 and all(c in "0123456789abcdef" for c in session)):
            session = secrets.token_hex(16)
            set_cookies.append((b"set-cookie", f"{SESSION_COOKIE}={session}; {secure_flags}".encode()))
        scope.setdefault("state", {})["session_id"] = session

        if method == "GET" and query_token is not None:
            # drop the token from the address bar (and from history and Referer headers)
            rest = urlencode([(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                                          keep_blank_values=True) if k != "token"])
            path = "/" + scope.get("path", "/").lstrip("/")  # never "//host": no off-site redirect
            location = path + (f"?{rest}" if rest else "")
            await _plain(send, 303, "See Other", [(b"location", location.encode("utf-8"))] + set_cookies)
            return

        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge()
            return message

        async def send_with_cookies(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + set_cookies + SECURITY_HEADERS
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_cookies)
        except BodyTooLarge:
            if not started:
                await _plain(send, 413, f"Upload too large: the limit is {self.max_body // (1024 * 1024)} MB.",
                             [(b"connection", b"close")])
