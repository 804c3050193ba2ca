"""The server's resident memory growth per open session, with 1, 10 and 30 sessions open.

Why: Community Cloud gives one app about 1–3 GB for every visitor together, and a session
holds its case, its caches and its widget state until the tab closes. Method: start the server,
open and close one warm-up session (so imports and shared caches are counted once, not per
person), take the resident memory (RSS, psutil) as the baseline, then open sessions up to 1,
then 10, then 30 — each a separate browser context on the Plan page and the Overview with a
demo — keep them all open, let the server settle, and read RSS again. Growth per session =
(RSS − baseline) / sessions open.

Usage: ``python scripts/memory_per_session.py [--levels 1,10,30] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from overdue_core.case.demo import DEMO_IDS  # noqa: E402

TARGET_MB = 25.0


def rss_mb(pid: int) -> float:
    import psutil

    proc = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20


async def _open(browser, base: str, index: int, timeout_ms: float = 120_000):
    """One person's session left open: a demo on the Plan page, then the Overview."""
    demo = DEMO_IDS[index % len(DEMO_IDS)]
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    await page.goto(f"{base}/plan?demo={demo}&lang=en", wait_until="domcontentloaded")
    await page.wait_for_selector(".overdue-chart .main-svg")  # the Plan chart, drawn in place
    await page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached")
    await page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Overview").first.click()
    await page.wait_for_selector('[data-testid="stMetric"]')
    await page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached")
    return context


async def _settled_rss(pid: int, seconds: float = 4.0) -> float:
    """RSS after the server had a moment to finish its work (the lowest of a few readings)."""
    readings = []
    for _ in range(int(seconds / 0.5)):
        await asyncio.sleep(0.5)
        readings.append(rss_mb(pid))
    return min(readings[len(readings) // 2 :])


async def measure(base: str, pid: int, levels: list[int]) -> dict:
    from playwright.async_api import async_playwright

    from tests.helpers import CHROMIUM, CHROMIUM_ARGS

    rows = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            warm = await _open(browser, base, 0)
            await warm.close()
            await asyncio.sleep(2)
            baseline = await _settled_rss(pid)
            contexts = []
            for level in sorted(levels):
                while len(contexts) < level:
                    batch = range(len(contexts), min(level, len(contexts) + 5))  # five at a time
                    contexts += await asyncio.gather(*(_open(browser, base, i) for i in batch))
                now = await _settled_rss(pid)
                rows.append(
                    {
                        "sessions": level,
                        "rss_mb": now,
                        "growth_mb": now - baseline,
                        "per_session_mb": (now - baseline) / level,
                    }
                )
            for context in contexts:
                await context.close()
            await asyncio.sleep(3)
            after_close = await _settled_rss(pid)
        finally:
            await browser.close()
    return {"baseline_mb": baseline, "levels": rows, "after_close_mb": after_close, "target_mb": TARGET_MB}


def main(argv: list[str] | None = None) -> int:
    from tests.helpers import running_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,10,30")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",")]
    if max(levels) > 60:
        parser.error("at most 60 sessions (a bounded local test)")
    try:
        with running_app() as (base, server):
            started = time.perf_counter()
            result = asyncio.run(measure(base, server.pid, levels))
            result["seconds"] = time.perf_counter() - started
    finally:
        gc.collect()
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"server RSS after one warm-up session: {result['baseline_mb']:.0f} MB")
        for row in result["levels"]:
            ok = "met" if row["per_session_mb"] < TARGET_MB else "MISSED"
            print(
                f"{row['sessions']:>3} sessions open: {row['rss_mb']:.0f} MB (+{row['growth_mb']:.1f} MB)"
                f" = {row['per_session_mb']:.2f} MB per session  target <{TARGET_MB:g} MB: {ok}"
            )
        print(f"all closed again: {result['after_close_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
