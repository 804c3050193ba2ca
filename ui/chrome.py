"""Streamlit's own words in the page's language, touch-sized targets, and the language in the address.

Why: Streamlit writes its widget chrome in English whatever the app does ("Upload", "Select
all", "yyyy", "Page not found"), and a Chinese page must not switch language halfway. A small
script bundled with the app (nothing is fetched from anywhere) puts the catalog's words in place
of Streamlit's as they appear, and keeps ``?lang=`` in the address so a reload opens the same
language (the language is no secret); the tab remembers it too, so an address opened in the tab
without ``?lang=`` loads once more in the tab's language rather than the browser's. The same
script adds the app's stylesheet: on a phone every link, button, checkbox and "?" is at least
44 px tall (WCAG 2.5.5). The stylesheet and the words
are the app's own text, never what a person typed.
"""

from __future__ import annotations

import re

import streamlit as st

from overdue_core.i18n import LANGS, catalog

from ui.state import lang

#: Streamlit's own words, as it writes them, keyed by their place in the ``chrome`` catalog.
#: The English catalog holds Streamlit's text with ``{…}`` where it varies.
_KEYS = [
    "skip",
    "upload",
    "page_not_found",
    "select_all",
    "index",
    "year",
    "month",
    "day",
    "selected_date",
    "help_for",
    "remove",
    "choose_option",
    "no_results",
    "clear_all",
    "selected_values",
    "decrement",
    "increment",
    "choose_date",
    "open",
    "close",
    "sidebar",
    "app_pages",
    "expand_sidebar",
    "collapse_sidebar",
    "link_to_heading",
    "scroll_tabs_left",
    "scroll_tabs_right",
    "file_upload",
    "progress",
    "add_row",
    "show_hide_columns",
    "download_csv",
    "search",
    "fullscreen",
    "close_fullscreen",
    "copy",
    "copied",
    "delete_file",
]
#: Streamlit's message when an address names no page. It says "pages/ directory", which means
#: nothing to a person, so both languages get the catalog's sentence.
_NOT_FOUND_TEXT = (
    r"^(You have requested page /.*, but no corresponding file was found in the app's pages/ directory"
    r"|The page that you have requested does not seem to exist)\. Running the app's main page\.$"
)
#: Date fields read "year, 数据日期" to a screen reader; the part names come from the catalog.
_DATE_PART = r"^(year|month|day), (.+)$"

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> str:
    """A catalog template as a whole-text regex: each ``{name}`` matches anything."""
    parts = _PLACEHOLDER.split(template)
    out = []
    for i, part in enumerate(parts):
        out.append("(.+)" if i % 2 else re.escape(part))
    return "^" + "".join(out) + "$"


def _replacement(template: str) -> str:
    """A catalog template with ``{name}`` as the regex group the pattern gave it (``$1`` …)."""
    count = iter(range(1, 10))
    return _PLACEHOLDER.sub(lambda _m: f"${next(count)}", template.replace("$", "$$"))


def words(code: str) -> list[list[str]]:
    """``[pattern, replacement]`` pairs that turn Streamlit's English into ``code``'s words."""
    english, own = catalog("en"), catalog(code)
    pairs: list[list[str]] = [[_NOT_FOUND_TEXT, own["chrome.page_not_found_text"].replace("$", "$$")]]
    if code == "en":
        return pairs
    for key in _KEYS:
        source, target = english[f"chrome.{key}"], own[f"chrome.{key}"]
        pairs.append([_pattern(source), _replacement(target)])
    parts = {"year": own["chrome.year"], "month": own["chrome.month"], "day": own["chrome.day"]}
    segment = own["chrome.date_segment"].replace("{label}", "$2")
    for part, name in parts.items():
        pairs.append([_DATE_PART.replace("year|month|day", part), segment.replace("{part}", name)])
    return pairs


#: On a phone (a coarse pointer or a narrow screen), every target at least 44 px (WCAG 2.5.5).
#: Selectors are Streamlit's test ids and the app's own widget keys (``.st-key-…``).
CSS = """
@media (pointer: coarse), (max-width: 640px) {
  [data-testid="stPageLink-NavLink"], [data-testid="stSidebarNavLink"] {
    min-height: 44px; display: flex; align-items: center;
  }
  /* The "?" stays a small mark but its tap area is 44 px; negative margins keep the label's line. */
  [data-testid="stTooltipHoverTarget"] > button { min-width: 44px; min-height: 44px; margin: -14px -14px -14px -12px; }
  [data-testid="stCheckbox"] label, [data-testid="stRadio"] label { min-height: 44px; align-items: center; }
  [data-testid="stMain"] button, [data-testid="stSidebar"] button { min-height: 44px; min-width: 44px; }
  [data-testid="stExpander"] summary { min-height: 44px; }
  [data-testid="stDateInputCalendarButton"] { margin: -14px -10px; }
  [data-testid="stNumberInputContainer"], [data-baseweb="select"] > div,
  [data-testid="stTextInputRootElement"] { min-height: 46px; }
  /* A choice of long labels is one column of equal rows, never a ragged stack (the income's stability). */
  /* (The buttons' row is the group's <div>, beside its <label>; a label too long for the row wraps,
     never cut to "有波动（提成、加班、跑…".) */
  [class*="stability"], [class*="stability"] [data-testid="stButtonGroup"] { width: 100%; }
  [class*="stability"] [data-testid="stButtonGroup"] > div {
    display: grid; grid-template-columns: 1fr; gap: 0.25rem; width: 100% !important; max-width: none;
  }
  [class*="stability"] [data-testid="stButtonGroup"] button { width: 100%; max-width: none; border-radius: 0.5rem; }
  [class*="stability"] [data-testid="stButtonGroup"] button * { white-space: normal; text-overflow: clip; }
  /* A copy button sits above the text it copies, not on it. */
  [data-testid="stCode"] pre { padding-top: 2.75rem; }
  [data-testid="stCode"] pre code { white-space: pre-wrap; word-break: break-word; }
  /* Tabs wrap onto a second row rather than hide behind a scroll arrow ("求助电话和›"). */
  [data-testid="stTabs"] [role="tablist"] { flex-wrap: wrap; row-gap: 0.25rem; overflow: visible; }
  [data-testid="stTab"] { min-height: 44px; }
  [data-testid="stTabsScrollLeft"], [data-testid="stTabsScrollRight"] { display: none; }
}
/* The drop zone's "2MB per file • JSON" repeats the label's own limit, in English: the label says it. */
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
"""

_JS = r"""
export default function ({ data }) {
  if (!data) return;
  const w = window;
  // The tab keeps its language: an address opened in it without ?lang= (typed, bookmarked, a
  // link) loads once more with the language this tab last used, instead of the browser's own.
  const LANG = "overdue.lang";
  if (!w.__overdueLangChecked) {
    w.__overdueLangChecked = true;
    let kept = null;
    try { kept = w.sessionStorage.getItem(LANG); } catch (e) { kept = null; }
    const here = new URL(w.location.href);
    const known = (data.langs || []).includes(kept);
    if (kept && data.lang && kept !== data.lang && !here.searchParams.get("lang") && known) {
      here.searchParams.set("lang", kept);
      w.location.replace(here.pathname + here.search + here.hash);
      return;
    }
  }
  try {
    if (data.lang) w.sessionStorage.setItem(LANG, data.lang);
  } catch (e) { /* storage off: the address keeps it */ }
  let style = document.getElementById("overdue-chrome-style");
  if (!style) {
    style = document.createElement("style");
    style.id = "overdue-chrome-style";
    document.head.appendChild(style);
  }
  if (style.textContent !== data.css) style.textContent = data.css;
  w.__overdueWords = (data.words || []).map(([p, r]) => [new RegExp(p, "s"), r]);
  const swap = (text) => {
    const trimmed = text.trim();
    if (!trimmed || !/[A-Za-z]/.test(trimmed)) return null;
    for (const [p, r] of w.__overdueWords) {
      if (p.test(trimmed)) return text.replace(trimmed, trimmed.replace(p, r));
    }
    return null;
  };
  const ATTRS = ["aria-label", "placeholder", "title"];
  const SKIP = "[data-testid=stIconMaterial], script, style";
  const fixAttrs = (el) => {
    for (const a of ATTRS) {
      const v = el.getAttribute(a);
      if (v) { const to = swap(v); if (to !== null && to !== v) el.setAttribute(a, to); }
    }
  };
  const fixText = (node) => {
    if (node.parentElement && node.parentElement.closest(SKIP)) return;
    const to = swap(node.nodeValue);
    if (to !== null && to !== node.nodeValue) node.nodeValue = to;
  };
  const fixTree = (root) => {
    if (root.nodeType === 3) { fixText(root); return; }
    if (root.nodeType !== 1 || root.matches(SKIP)) return;
    fixAttrs(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
      acceptNode: (n) => (n.nodeType === 1 && n.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === 3) fixText(n); else fixAttrs(n);
    }
  };
  if (!w.__overdueChromeWatch) {
    w.__overdueChromeWatch = new MutationObserver((records) => {
      for (const rec of records) {
        if (rec.type === "characterData") fixText(rec.target);
        else if (rec.type === "attributes") fixAttrs(rec.target);
        else rec.addedNodes.forEach(fixTree);
      }
    });
    w.__overdueChromeWatch.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS,
    });
  }
  fixTree(document.body);
  document.documentElement.dataset.chrome = data.lang;  // tests wait for this: the words are in place
  const url = new URL(w.location.href);
  if (data.lang && url.searchParams.get("lang") !== data.lang) {
    url.searchParams.set("lang", data.lang);
    w.history.replaceState(w.history.state, "", url.pathname + url.search + url.hash);
  }
}
"""

_component = st.components.v2.component("overdue_chrome", js=_JS)


def mount(page: str) -> None:
    """Draw nothing; keep the stylesheet, the words and ``?lang=`` in place for ``page``."""
    code = lang()
    _component(key="chrome", data={"lang": code, "langs": list(LANGS), "page": page, "css": CSS, "words": words(code)})
