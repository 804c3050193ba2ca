"""A copy of the case kept in this browser only, so a reload or a swipe-back does not lose it.

Why: Streamlit's session state ends with a reload. A small script bundled with the app (no
download from anywhere) keeps a copy of the case in the browser's ``sessionStorage`` (this tab
only, gone when the tab closes) and, only when the person asks for it, in ``localStorage``
(this device, until "forget on this device"). The server stores nothing of it: the browser
hands the copy back over the app's own connection on the first run of a new session.

The same script reads a share link's secret from the URL fragment (``#share=…``), which a
browser never sends in a request, replaces the history entry so Back does not show it, and
sets a no-referrer policy so no later request names the page's address.

In a counselor's (view) session only the link's secret is kept (in this tab), never the case:
a reload opens the link again, so a revoked or expired link shows nothing.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import streamlit as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from overdue_core.case import parse_case
from overdue_core.share import is_token_shaped

from . import keys
from .drafts import all_drafts, restore_drafts
from .share import is_read_only, open_token, restore_share, share_session
from .session import flash, get_case, lang, replace_case, tr

Keep = Literal["tab", "device", "off"]

_JS = r"""
export default function (component) {
  const { data, setTriggerValue } = component;
  const TAB = "overdue.tab";
  const DEVICE = "overdue.device";
  // Changed by every "Forget on this device": a tab touches the device copy only while it holds
  // the generation that is current, so a forget in one tab holds for every other open tab.
  const GEN = "overdue.device.gen";
  const w = window;
  const read = (store, name) => { try { return w[store].getItem(name); } catch (e) { return null; } };
  const write = (store, name, value) => {
    try {
      if (value === null) { w[store].removeItem(name); } else { w[store].setItem(name, value); }
    } catch (e) { /* storage full or switched off: the session goes on without a copy */ }
  };
  if (data && data.boot && !w.__overdueBooted) {
    w.__overdueBooted = true;
    w.__overdueSignal = setTriggerValue;  // the keyed, always drawn instance: it hears the answers
    w.__overdueGen = read("localStorage", GEN);
    w.__overdueDevice = false;
    if (!document.querySelector('meta[name="referrer"]')) {
      const meta = document.createElement("meta");
      meta.name = "referrer";
      meta.content = "no-referrer";
      document.head.appendChild(meta);
    }
    // Take a link's secret out of the address (fragment, or the older ?share=) and replace
    // the history entry, so Back never shows it.
    const takeShare = () => {
      const url = new URL(w.location.href);
      const fragment = new URLSearchParams(url.hash.replace(/^#/, ""));
      const share = fragment.get("share") || url.searchParams.get("share");
      if (share !== null) {
        url.searchParams.delete("share");
        w.history.replaceState(w.history.state, "", url.pathname + url.search);
      }
      return share;
    };
    setTriggerValue("boot", {
      tab: read("sessionStorage", TAB), device: read("localStorage", DEVICE), share: takeShare(),
    });
    // A link pasted into this same tab changes only the fragment: no page load, so listen.
    w.addEventListener("hashchange", () => {
      const share = takeShare();
      if (share) setTriggerValue("boot", { tab: null, device: null, share: share });
    });
    // Another tab pressed "Forget on this device": say so at once, not only at the next write.
    w.addEventListener("storage", (event) => {
      if (event.key === GEN && w.__overdueDevice && read("localStorage", GEN) !== w.__overdueGen) {
        w.__overdueDevice = false;
        setTriggerValue("forgotten", true);
      }
    });
  }
  if (data && typeof data.seq === "number" && data.seq > (w.__overdueSeq || 0)) {
    w.__overdueSeq = data.seq;
    if (data.forget) {
      w.__overdueGen = Date.now().toString(36) + "." + Math.random().toString(36).slice(2);
      write("localStorage", GEN, w.__overdueGen);
      write("localStorage", DEVICE, null);
      w.__overdueDevice = false;
    }
    if (data.adopt) w.__overdueGen = read("localStorage", GEN);  // chosen again, after any forget
    if (data.tab !== undefined) write("sessionStorage", TAB, data.tab);
    if (data.device !== undefined) {
      if (read("localStorage", GEN) !== w.__overdueGen) {
        if (w.__overdueDevice || data.device !== null) w.__overdueSignal("forgotten", true);
        w.__overdueDevice = false;
      } else {
        write("localStorage", DEVICE, data.device);
        w.__overdueDevice = data.device !== null;
      }
    }
  }
}
"""

_component = st.components.v2.component("overdue_browser_copy", js=_JS)


class StoredCopy(BaseModel):
    """What the browser keeps: validated again when it comes back (it is input like any other)."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="ignore")

    v: Literal[1] = 1
    case: dict[str, Any] | None = None
    drafts: dict[str, str | float | int | bool | None] = Field(default_factory=dict, max_length=200)
    #: A link's secret: only in this tab's copy, never in the device's (see :func:`_writes`).
    share: str | None = Field(default=None, max_length=128)
    role: Literal["edit", "view"] | None = None
    #: "off": the person asked this tab to keep nothing (remembered across a reload).
    keep: Literal["off"] | None = None


def keep() -> Keep:
    return st.session_state.get(keys.BROWSER_KEEP, "tab")


def set_keep(value: Keep) -> None:
    """The person chose where the copy is kept (the Start page)."""
    before = keep()
    st.session_state[keys.BROWSER_KEEP] = value
    if value == "device" and before != "device":
        # A new choice: this tab may write the device copy again, even after a forget elsewhere.
        st.session_state[keys.BROWSER_ADOPT] = True
    elif before == "device" and value != "device":
        st.session_state[keys.BROWSER_CLEAR] = True


def mark_url_demo() -> None:
    """The case was opened from ``?demo=`` on this run: a copy from this tab (a reload) wins."""
    st.session_state[keys.BROWSER_URL_DEMO] = get_case()


def _plain_drafts() -> dict[str, Any]:
    return {k: v for k, v in all_drafts().items() if v is None or isinstance(v, (str, int, float, bool))}


def _payload(*, with_link: bool) -> str | None:
    """The copy for this session, or None when there is nothing to keep.

    ``with_link``: whether the copy may hold the saved case's edit link. Only this tab's copy
    does (gone when the tab closes); the device's never does, so whoever uses this browser next
    cannot change or delete the saved case.
    """
    session = share_session()
    if session is not None and session.role == "view":
        return StoredCopy(share=session.token, role="view").model_dump_json() if with_link else None
    case = get_case()
    if case is None:
        return None
    drafts = _plain_drafts()
    token, role = (session.token, session.role) if session is not None and with_link else (None, None)
    # A case is replaced, never changed in place: the same object means the same copy (a
    # large case takes tens of milliseconds to serialise; most runs change nothing).
    memo = st.session_state.get(keys.BROWSER_MEMO) or {}
    kept = memo.get(with_link)
    if kept is not None and kept[0] is case and kept[1] == (drafts, token, role):
        return kept[2]
    copy = StoredCopy(case=json.loads(case.model_dump_json()), drafts=drafts, share=token, role=role)
    payload = copy.model_dump_json()
    st.session_state[keys.BROWSER_MEMO] = {**memo, with_link: (case, (drafts, token, role), payload)}
    return payload


def _writes() -> dict[str, Any]:
    """The data handed to the script: what to put in each storage (None removes it).

    The device copy is sent only while this session keeps one (or once, to remove it, when the
    person chooses otherwise); a tab that keeps nothing there leaves it alone. "forget" and
    "adopt" go once, with the write that follows the choice.
    """
    mode = keep()
    tab = StoredCopy(keep="off").model_dump_json() if mode == "off" else _payload(with_link=True)
    data: dict[str, Any] = {"tab": tab}
    if mode == "device" and not is_read_only():
        data["device"] = _payload(with_link=False)
    once: dict[str, Any] = {}
    if st.session_state.pop(keys.BROWSER_CLEAR, False) and "device" not in data:
        once["device"] = None
    for flag, name in ((keys.BROWSER_FORGET, "forget"), (keys.BROWSER_ADOPT, "adopt")):
        if st.session_state.pop(flag, False):
            once[name] = True
    # One-shot items make a new write, but are not part of what is compared: the next call (the
    # late mount of the same run) must not make yet another write that could overtake this one.
    state = (tab, data.get("device"))
    if once or st.session_state.get(keys.BROWSER_LAST) != state:
        st.session_state[keys.BROWSER_LAST] = state
        st.session_state[keys.BROWSER_SEQ] = int(st.session_state.get(keys.BROWSER_SEQ, 0)) + 1
    return {"seq": int(st.session_state.get(keys.BROWSER_SEQ, 0)), **data, **once}


def _boot_value() -> dict[str, Any] | None:
    value = st.session_state.get(keys.BROWSER_COMPONENT)
    boot = value.get("boot") if isinstance(value, dict) else getattr(value, "boot", None)
    return boot if isinstance(boot, dict) else None


def _on_boot() -> None:
    """The browser answered (once per page load): open a link's secret, or restore its copy."""
    st.session_state[keys.BROWSER_BOOTED] = True
    boot = _boot_value()
    if boot is None:
        return
    if "share" in st.query_params:
        # The script already took the secret out of the address bar (replacing the history
        # entry); dropping it here too keeps Streamlit from writing it back on a page switch.
        del st.query_params["share"]
    share = boot.get("share")
    if isinstance(share, str) and share:
        if is_token_shaped(share):
            open_token(share)
        else:
            flash("error", tr()("share.error.unknown"))
        return
    tab, device = boot.get("tab"), boot.get("device")
    if isinstance(device, str) and device:
        st.session_state[keys.BROWSER_KEEP] = "device"  # what this browser already keeps (not a new choice)
    from_url = st.session_state.get(keys.BROWSER_URL_DEMO)
    if isinstance(tab, str) and tab:
        raw, from_device = tab, False
    elif isinstance(device, str) and device and from_url is None:
        raw, from_device = device, True
    else:
        return
    if share_session() is not None or (get_case() is not None and get_case() is not from_url):
        return  # this session already has its own case: it is not replaced
    _restore(raw, from_device=from_device)


def _on_forgotten() -> None:
    """Another tab of this browser pressed "Forget on this device": this tab keeps nothing either."""
    if keep() != "device":
        return
    st.session_state[keys.BROWSER_KEEP] = "off"
    flash("info", tr()("keep.forgotten_elsewhere"))


def _restore(raw: str, *, from_device: bool = False) -> None:
    try:
        copy = StoredCopy.model_validate_json(raw)
    except ValidationError:
        return  # an unreadable copy is ignored, never trusted
    if copy.keep == "off":
        st.session_state[keys.BROWSER_KEEP] = "off"
        return
    case = None
    if copy.case is not None:
        case, _problems = parse_case(json.dumps(copy.case).encode(), lang())
    # A link is trusted only from this tab's own copy: the device's never holds one (an older
    # copy that does is read without it).
    token = copy.share if copy.share and is_token_shaped(copy.share) and not from_device else None
    if token is not None:
        if copy.role == "view":
            st.session_state[keys.SHARE_COUNSELOR] = True
            case = None  # a counselor's tab never restores a case, only the link
        restore_share(token, case)
    elif case is not None:
        replace_case(case)
    if case is not None:
        restore_drafts(copy.drafts)


def _mount(**kwargs: Any) -> None:
    _component(on_boot_change=_on_boot, on_forgotten_change=_on_forgotten, **kwargs)


def mount_early() -> None:
    """Before the page: until the browser answered, ask for its copy; then keep it up to date."""
    booted = bool(st.session_state.get(keys.BROWSER_BOOTED))
    data = _writes() if booted else {"seq": 0}
    data["boot"] = not booted
    _mount(key=keys.BROWSER_COMPONENT, data=data)


def mount_late() -> None:
    """After the page ran to its end: write what the page changed (nothing if unchanged)."""
    if not st.session_state.get(keys.BROWSER_BOOTED):
        return
    before = st.session_state.get(keys.BROWSER_SEQ, 0)
    data = _writes()
    if data["seq"] != before:
        _component(data=data)  # answers come through the early, keyed one (see the script)


def forget_on_device() -> None:
    """Remove every copy in this browser and keep none from now on (until chosen again).

    The script also marks the device copy as forgotten, so no other open tab writes it back.
    """
    st.session_state[keys.BROWSER_KEEP] = "off"
    st.session_state.pop(keys.BROWSER_ADOPT, None)
    st.session_state.pop(keys.BROWSER_CLEAR, None)
    st.session_state[keys.BROWSER_FORGET] = True
