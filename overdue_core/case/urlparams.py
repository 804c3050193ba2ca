"""URL query parameters, validated like every other input.

Why: a link is something anyone can type. Only known parameters with allowed values get
through; everything else is dropped silently (a bad link still opens the app).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from overdue_core.case.demo import DEMO_IDS

DemoId = Literal[DEMO_IDS]  # type: ignore[valid-type]


class UrlParams(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True, extra="ignore")

    lang: Literal["zh-CN", "en"] | None = None
    demo: DemoId | None = None
    #: A share token (see the share page); only its shape is checked here.
    share: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{16,128}$")


def parse_url_params(raw: dict[str, Any]) -> UrlParams:
    """Validate each parameter on its own, so one bad value does not drop the others."""
    clean: dict[str, Any] = {}
    for name in UrlParams.model_fields:
        value = raw.get(name)
        if value is None:
            continue
        if name == "lang" and isinstance(value, str) and value.lower().startswith("en"):
            value = "en"
        elif name == "lang" and isinstance(value, str) and value.lower().startswith("zh"):
            value = "zh-CN"
        try:
            UrlParams.model_validate({name: value})
        except ValidationError:
            continue
        clean[name] = value
    return UrlParams.model_validate(clean)
