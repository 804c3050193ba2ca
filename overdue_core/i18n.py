"""Message catalogs for zh-CN (default) and en.

Why TOML files split by area (``locales/<lang>/<area>.toml``): each page or core module owns
its own strings, Chinese is written for Chinese readers (not translated word by word), and
the completeness test compares the two languages key by key. Keys are ``area.name``; a key
may appear in only one file.
"""

from __future__ import annotations

import re
import string
import tomllib
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

LANGS: tuple[str, ...] = ("zh-CN", "en")
DEFAULT_LANG = "zh-CN"


def normalize_lang(value: str | None) -> str:
    """Map a browser locale or a user choice to one of our languages ('en-US' -> 'en')."""
    if not value:
        return DEFAULT_LANG
    value = str(value).strip().lower()
    if value.startswith("en"):
        return "en"
    return DEFAULT_LANG


def _flatten(prefix: str, data: dict[str, Any], out: dict[str, str], source: str) -> None:
    for key, value in data.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out, source)
        else:
            if full in out:
                raise ValueError(f"duplicate message key {full!r} in {source}")
            out[full] = str(value)


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, flattened to 'area.key' -> text."""
    out: dict[str, str] = {}
    folder = resources.files("overdue_core") / "locales" / lang
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            area = entry.name[: -len(".toml")]
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            _flatten(area, data, out, f"{lang}/{entry.name}")
    return out


#: A plural choice in a message: ``{days|day|days}`` reads "day" when ``days`` is 1, else "days".
#: English needs it ("1 day", "45 days"); Chinese never does.
_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def _choose_plurals(text: str, params: dict[str, Any]) -> str:
    if "|" not in text:  # nearly every message: no search on the path of every label drawn
        return text

    def pick(match: re.Match[str]) -> str:
        value = params.get(match.group(1))
        if value is None:
            return match.group(0)
        try:
            one = Decimal(str(value).replace(",", "")) == 1
        except ArithmeticError:
            one = False
        return match.group(2) if one else match.group(3)

    return _PLURAL.sub(pick, text)


def placeholders(text: str) -> set[str]:
    """The params a message uses (a plural choice ``{n|day|days}`` uses ``n``)."""
    plain = _PLURAL.sub(lambda m: "{" + m.group(1) + "}", text)
    return {name for _, name, _, _ in string.Formatter().parse(plain) if name}


def t(key: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The message for ``key`` in ``lang``, formatted with ``params``.

    A missing key falls back to the other language and then to the key itself, so a gap is
    visible but never crashes a page (the completeness test keeps gaps from shipping).
    """
    lang = normalize_lang(lang)
    text = catalog(lang).get(key)
    if text is None:
        other = "en" if lang != "en" else DEFAULT_LANG
        text = catalog(other).get(key, key)
    try:
        # Formatted even without params, so an escaped brace ("{{…}}") reads as one brace.
        return _choose_plurals(text, params).format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    return key in catalog(normalize_lang(lang))


class Translator:
    """A bound ``t`` for one language: ``tr = Translator('en'); tr('start.title')``."""

    def __init__(self, lang: str) -> None:
        self.lang = normalize_lang(lang)

    def __call__(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def enum(self, group: str, value: Any) -> str:
        """Label of an enum value, e.g. ``tr.enum('kind', DebtKind.BNPL)``."""
        raw = getattr(value, "value", value)
        return t(f"enum.{group}.{raw}", self.lang)
