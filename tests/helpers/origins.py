"""Which origins a browser context asked for something: the app's own, and any other.

Why a helper: "no request leaves the app's origin" is checked by more than one browser test
(hostile text on every page, the charts' own script), and each must read requests the same way.
"""

from __future__ import annotations

from urllib.parse import urlsplit


class Recorder:
    """Every request of a browser context: URLs by origin."""

    def __init__(self, context, base_url: str) -> None:
        self.origin = urlsplit(base_url).netloc
        self.foreign: list[str] = []
        self.own: list[str] = []
        context.on("request", self._seen)

    def _seen(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.origin:
            self.foreign.append(request.url)
        elif parts.netloc == self.origin:
            self.own.append(request.url)
