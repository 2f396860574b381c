"""Debian's chromium driven by Playwright, signed in to a bench server by token."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
]


@contextmanager
def signed_in_page(url: str, token: str) -> Iterator:
    """A page whose every request carries the admin's API token."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        raise SystemExit(
            f"The browser benchmarks drive Debian's chromium at {CHROMIUM}, which is "
            "not installed: apt-get install chromium."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000},
            extra_http_headers={"Authorization": f"Token {token}"},
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            yield page
        finally:
            context.close()
            browser.close()
        if errors:
            raise SystemExit(f"The page raised while measuring: {errors}")
