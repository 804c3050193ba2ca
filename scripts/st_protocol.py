"""A Streamlit client without a browser: the app's own websocket protocol, for load tests.

Why: a browser per simulated person measures the browsers, not the server (30 headless
Chromium pages on two cores starve each other long before the server is busy). This client
speaks what the browser speaks — protobuf ``BackMsg`` out (``rerun_script`` with the query
string, page name and widget states), protobuf ``ForwardMsg`` in (``new_session``, ``delta``
elements, ``script_finished``) — so hundreds of sessions cost the load generator little.

It keeps what a browser keeps for a session: the drawn elements by their delta path, the
fragment each widget belongs to (a change to a widget inside ``st.fragment`` reruns only that
fragment, as the browser asks) and the widget values it has set.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
}


class ProtocolError(RuntimeError):
    """The server said something a browser would show as a failure (or said nothing in time)."""


@dataclass
class Drawn:
    """One element as the browser would hold it."""

    element: Any  # streamlit.proto.Element_pb2.Element
    fragment_id: str


@dataclass
class Run:
    """One script run as seen from the client: how long, how many bytes, what was drawn."""

    seconds: float
    bytes_in: int
    messages: int
    fragment: bool
    exceptions: list[str] = field(default_factory=list)


class StreamlitSession:
    """One person's tab: a websocket to ``/_stcore/stream`` and the page it shows."""

    def __init__(self, base: str, *, timeout: float = 60.0, cookie: str | None = None) -> None:
        if not base.startswith(("http://127.0.0.1", "http://localhost")):
            raise ValueError("the protocol client only talks to a server on this machine (loopback)")
        self.url = base.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        # The cookies the page load was given (a proxy's route cookie): the browser sends them
        # with its WebSocket, and a sticky proxy picks the server by them.
        self.cookie = cookie
        self.session_id = ""
        self.page_name = ""
        self.query_string = ""
        self.drawn: dict[tuple[int, ...], Drawn] = {}
        self.widget_values: dict[str, WidgetState] = {}
        self._ws = None

    async def __aenter__(self) -> StreamlitSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        # The browser offers the "streamlit" subprotocol (its 2nd and 3rd entries carry an XSRF
        # token and a session to resume; a new session sends neither).
        self._ws = await asyncio.wait_for(
            # No client pings: browsers never send them (they only answer the server's), and a
            # ping unanswered while the server is busy would close the socket as no browser would.
            connect(
                self.url,
                subprotocols=["streamlit"],
                max_size=None,
                compression=None,
                open_timeout=self.timeout,
                ping_interval=None,
                additional_headers={"Cookie": self.cookie} if self.cookie else None,
            ),
            self.timeout,
        )

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    # --- what the browser sends -------------------------------------------------------------
    async def open(self, page_name: str, query_string: str = "", locale: str = "en-US") -> Run:
        """Load ``/<page_name>?<query_string>`` (a new tab): a full run with no widget state."""
        self.page_name, self.query_string = page_name, query_string
        self.drawn.clear()
        self.widget_values.clear()
        return await self._rerun(fragment_id="", locale=locale)

    async def set_widget(self, label: str, value: float | int | str | bool, kind: str | None = None) -> Run:
        """Change the widget labelled ``label`` as a person would, and wait for the run it causes."""
        widget_id, fragment_id, element_type = self.find_widget(label, kind)
        state = WidgetState(id=widget_id)
        if isinstance(value, bool):
            state.bool_value = value
        elif element_type in ("number_input", "slider") and isinstance(value, float):
            state.double_value = value
        elif element_type == "slider":
            state.double_array_value.data.append(float(value))
        elif isinstance(value, int):
            state.int_value = value
        elif isinstance(value, float):
            state.double_value = value
        else:
            state.string_value = str(value)
        self.widget_values[widget_id] = state
        return await self._rerun(fragment_id=fragment_id)

    async def _rerun(self, fragment_id: str, locale: str = "en-US") -> Run:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query_string
        rerun.page_name = self.page_name
        rerun.fragment_id = fragment_id
        rerun.widget_states.widgets.extend(self.widget_values.values())
        rerun.context_info.locale = locale
        rerun.context_info.timezone = "Asia/Shanghai"
        rerun.context_info.timezone_offset = -480
        rerun.context_info.url = f"http://127.0.0.1/{self.page_name}?{self.query_string}"
        started = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        return await self._read_run(started, fragment_id)

    # --- what the server sends ---------------------------------------------------------------
    async def _read_run(self, started: float, fragment_id: str) -> Run:
        """Read ForwardMsgs until the run finishes; keep what is drawn as the browser does."""
        bytes_in = messages = 0
        received: dict[tuple[int, ...], Drawn] = {}
        exceptions: list[str] = []
        deadline = started + self.timeout
        fragment = bool(fragment_id)
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ProtocolError(f"no script_finished within {self.timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self._ws.recv(), remaining)
            except TimeoutError as exc:
                raise ProtocolError(f"no script_finished within {self.timeout:.0f} s") from exc
            bytes_in += len(data)
            messages += 1
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
                # A full run (not a fragment) redraws the page from scratch.
                received.clear()
            elif kind == "delta":
                path = tuple(fwd.metadata.delta_path)
                if fwd.delta.WhichOneof("type") == "new_element":
                    element = fwd.delta.new_element
                    received[path] = Drawn(element, fwd.delta.fragment_id)
                    if element.WhichOneof("type") == "exception":
                        exceptions.append(f"{element.exception.type}: {element.exception.message}"[:200])
            elif kind == "page_not_found":
                raise ProtocolError(f"page not found: {self.page_name}")
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    # st.rerun() or a newer request: the run that counts is still to come.
                    if not fragment:
                        received.clear()
                    continue
                if FINISHED.get(status) != "ok":
                    raise ProtocolError(f"script finished with status {status}")
                if fragment:
                    # What the fragment drew before and did not draw again is gone, as in the browser.
                    self.drawn = {p: d for p, d in self.drawn.items() if d.fragment_id != fragment_id or p in received}
                    self.drawn.update(received)
                else:
                    self.drawn = received
                return Run(time.perf_counter() - started, bytes_in, messages, fragment, exceptions)

    # --- reading the page --------------------------------------------------------------------
    def elements(self, element_type: str | None = None):
        """Drawn elements, in page order, optionally of one type (``"metric"``, ``"markdown"``…)."""
        for path in sorted(self.drawn):
            element = self.drawn[path].element
            kind = element.WhichOneof("type")
            if element_type is None or kind == element_type:
                yield kind, getattr(element, kind), self.drawn[path].fragment_id

    def find_widget(self, label: str, kind: str | None = None) -> tuple[str, str, str]:
        """(widget id, fragment id, element type) of the drawn widget with this label."""
        for element_type, proto, fragment_id in self.elements(kind):
            if getattr(proto, "label", None) == label and getattr(proto, "id", ""):
                return proto.id, fragment_id, element_type
        raise ProtocolError(f"no widget labelled {label!r} on the page")

    def metric(self, label: str) -> str | None:
        for _kind, proto, _fragment in self.elements("metric"):
            if proto.label == label:
                return proto.body
        return None

    def text(self) -> str:
        """Every markdown, caption and text body drawn (for "is it still my case?" checks)."""
        parts = []
        for kind, proto, _fragment in self.elements():
            if kind in ("markdown", "text", "alert", "heading"):
                parts.append(getattr(proto, "body", ""))
        return "\n".join(parts)
