"""Start the web interface on this computer: free port, per-launch token, browser."""

from __future__ import annotations

import secrets
import socket
import sys
import warnings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` right now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def launch_url(host: str, port: int, token: str) -> str:
    name = "127.0.0.1" if host in ("127.0.0.1", "0.0.0.0") else (f"[{host}]" if ":" in host else host)
    return f"http://{name}:{port}/?token={token}"


def serve(*, host: str = "127.0.0.1", port: int | None = None, open_browser: bool = True,
          max_upload_mb: float = 100, allow_remote: bool = False, token: str | None = None) -> None:
    """Run the app with uvicorn until interrupted; prints the URL with its token.

    Any address other than loopback needs ``allow_remote=True`` and is warned about:
    the token then travels over the network in clear text.
    """
    import uvicorn

    from .app import create_app

    if host not in LOOPBACK:
        if not allow_remote:
            raise ValueError(f"refusing to listen on {host!r}: only loopback addresses without --allow-remote")
        warnings.warn(f"metasome serve is listening on {host}: anyone who can reach this address and "
                      "learns the token can use the app (plain HTTP, no encryption)", stacklevel=2)
    port = port or free_port("127.0.0.1" if host == "localhost" else host)
    token = token or secrets.token_urlsafe(24)
    app = create_app(token, max_upload_mb=max_upload_mb, host=host, port=port)
    url = launch_url(host, port, token)
    print(f"metasome web interface: {url}", flush=True)
    print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning")
