"""Security headers on every HTTP response of the app's server: a thin layer installed at startup.

Why: Streamlit sets no Content-Security-Policy, no frame-ancestors or X-Frame-Options, no
Referrer-Policy and no X-Content-Type-Options, and has no setting for them. Without them any
site can show the app in a frame of its own and trick a person into pressing its buttons
(clickjacking), and a page address could travel as a Referer. Streamlit 1.67 serves through
Starlette; ``app.py`` calls :func:`install` on every run, and the first call wraps Starlette's
ASGI entry point so that every later response carries the headers below. It needs no setting
of the host, so it works the same under ``make run`` and on Community Cloud. The responses sent
before the app's first run in a process (the first page load after a start) go out without
them; docs/deploy.md says what each host adds.

The same layer answers a link of the older form (``…/share?share=<token>``) with a page of its own
that loads nothing: one inline script moves the secret into the fragment
(``…/share#share=<token>``, which no request carries) with ``location.replace`` and the app then
opens it from there. So the old form's secret reaches the server once, in that first request
line, and never again: no script, style, font or image of the app is fetched with it in the
address or in a Referer (docs/sharing.md).

The policy allows what Streamlit and Plotly need and nothing from elsewhere: scripts, styles,
fonts, images and connections from the app's own origin only. Streamlit's page has one inline
script, allowed by its hash (read from the installed Streamlit's own page at startup, so an
upgrade cannot silently break it); a component's script is loaded from a ``blob:`` address the
page makes itself; styles are inline (Streamlit's styling library writes them at run time).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

#: Set on Starlette's class once the layer is in place (one per process).
_MARK = "_overdue_security_headers"
#: Where each Starlette application keeps its layer.
_LAYER = "_overdue_layer"
_lock = threading.Lock()


def _inline_script_hashes() -> list[str]:
    """The CSP hashes of the inline scripts in the installed Streamlit's page."""
    try:
        import streamlit

        page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    except OSError:
        return []
    found = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    return [_hash(body) for body in found]


def content_security_policy() -> str:
    # 'wasm-unsafe-eval': Streamlit's message decoder compiles WebAssembly (it allows no JavaScript eval).
    script = " ".join(["'self'", "blob:", "'wasm-unsafe-eval'", *_inline_script_hashes()])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self' blob:",
            "worker-src 'self' blob:",
            "frame-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def headers() -> dict[str, str]:
    """What every HTTP response carries (a response that already names one keeps its own)."""
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }


#: The whole script of the page that answers an older link: the secret goes from the query into
#: the fragment, the rest of the address (path, other parameters) stays.
FORWARD_SCRIPT = (
    'var u=new URL(location.href),s=u.searchParams.get("share")||"";u.searchParams.delete("share");'
    'location.replace(u.pathname+u.search+"#share="+encodeURIComponent(s));'
)


def _hash(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


def forward_page() -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """The body and headers of the answer to an older link: nothing else is loaded or cached."""
    body = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">'
        f"<script>{FORWARD_SCRIPT}</script></head><body></body></html>"
    ).encode()
    policy = (
        f"default-src 'none'; script-src {_hash(FORWARD_SCRIPT)}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )
    raw = [
        ("content-type", "text/html; charset=utf-8"),
        ("content-length", str(len(body))),
        ("cache-control", "no-store"),
        ("content-security-policy", policy),
    ]
    return body, [(name.encode("latin-1"), value.encode("latin-1")) for name, value in raw]


def _is_older_link(scope: Any) -> bool:
    if scope.get("method") not in ("GET", "HEAD"):
        return False
    query = scope.get("query_string", b"").decode("latin-1")
    return any(name == "share" for name, _value in parse_qsl(query, keep_blank_values=True))


class SecurityHeaders:
    """ASGI middleware: add :func:`headers` to every HTTP response of ``app``."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers().items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        if _is_older_link(scope):
            await self._forward(scope, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message.get("type") == "http.response.start":
                present = {name.lower() for name, _value in message.get("headers", [])}
                extra = [(name, value) for name, value in self.raw if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _forward(self, scope: Any, send: Any) -> None:
        body, own = forward_page()
        present = {name for name, _value in own}
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": own + [h for h in self.raw if h[0] not in present],
            }
        )
        await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else body})


def install() -> bool:
    """Put :class:`SecurityHeaders` in front of the running server (once per process).

    Streamlit's server is one Starlette application; wrapping its class's ASGI entry point puts
    the layer outside everything Streamlit does (its own error pages included). Returns False
    where there is no Starlette (it is part of Streamlit, so that means a test without a server).
    """
    try:
        from starlette.applications import Starlette
    except ImportError:  # pragma: no cover - Streamlit 1.67 always has it
        return False
    if getattr(Starlette, _MARK, False):
        return True
    with _lock:
        if getattr(Starlette, _MARK, False):
            return True
        original = Starlette.__call__

        async def __call__(self: Any, scope: Any, receive: Any, send: Any) -> None:
            layer = self.__dict__.get(_LAYER)
            if layer is None:
                layer = self.__dict__[_LAYER] = SecurityHeaders(functools.partial(original, self))
            await layer(scope, receive, send)

        Starlette.__call__ = __call__  # type: ignore[method-assign]
        setattr(Starlette, _MARK, True)
    return True
