"""Screenshot the built API reference in headless Chromium (``nox -s docs-shots``).

Usage: ``python tools/docs/screenshots.py SITE_DIR OUT_DIR``. Serves SITE_DIR on 127.0.0.1, opens
docs/reference.md's page, scrolls to a few anchors and writes one PNG per anchor into OUT_DIR;
before that it checks the HTML itself: the models have their field tables, no raw Sphinx role is
left, no private base and no ``DEFAULT_*`` constant is shown.

The browser is Debian's ``chromium`` (or the ``CHROMIUM`` variable), driven by Playwright with
that executable (no browser download). Chromium's own ``--screenshot`` is not used: past the first
screen it paints a blank page for an anchor far down a long page.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import sys
import threading
from pathlib import Path

#: Anchor -> PNG name: the client, a response model, a request model, a TypedDict, an event.
SHOTS = {
    "firsthand.FirstHandClient": "client",
    "firsthand.models.Job": "job",
    "firsthand.models.JobCreateParams": "job-create-params",
    "firsthand.models.JobCreateParamsDict": "job-create-params-dict",
    "firsthand.webhooks.JobCompletedEvent": "job-completed-event",
}
#: Every model section that must carry a field table.
TABLES = ("firsthand.models.Job", "firsthand.models.JobCreateParams", "firsthand.models.JobFile")
#: Without the background-networking flags Chromium keeps dialling out (refused offline).
_CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_SCROLL_TO = """(anchor) => {
    const heading = document.getElementById(anchor);
    window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 70);
}"""


def check_html(page: Path) -> list[str]:
    """What is wrong with the built reference page (nothing, when it is right)."""
    html = page.read_text("utf-8")
    problems: list[str] = []
    for anchor in TABLES:
        start = html.find(f'id="{anchor}"')
        following = html.find('class="doc doc-heading"', html.find(">", start))
        section = html[start:following] if start >= 0 else ""
        if 'data-firsthand="fields"' not in section:
            problems.append(f"{anchor}: no field table")
    for pattern, what in (
        (r":(?:class|meth|func|attr|exc|data|mod):`", "a raw Sphinx role"),
        (r"Bases:[^<]*<code>[^<]*(?:BaseClient|_BasePage|_Job)", "a private base"),
        (r"\bDEFAULT_(?!TOLERANCE\b)[A-Z_]+", "a DEFAULT_* constant instead of its value"),
    ):
        if re.search(pattern, html):
            problems.append(f"the page shows {what}")
    return problems


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def screenshots(chromium: str, url: str, out_dir: Path) -> list[Path]:
    """One viewport-sized PNG per anchor of ``SHOTS``, the anchor's heading at the top."""
    from playwright.sync_api import sync_playwright

    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=_CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.goto(url, wait_until="load")
            for anchor, name in SHOTS.items():
                page.evaluate(_SCROLL_TO, anchor)
                page.wait_for_timeout(300)
                out = out_dir / f"{name}.png"
                page.screenshot(path=str(out))
                written.append(out)
        finally:
            browser.close()
    return written


def main(argv: list[str]) -> int:
    site, out_dir = Path(argv[0]), Path(argv[1])
    page = site / "reference" / "index.html"
    problems = check_html(page)
    for problem in problems:
        print(f"docs-shots: {problem}", file=sys.stderr)
    chromium = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if chromium is None:
        print(
            "docs-shots: no chromium found: `apt-get install -y chromium` (or set CHROMIUM)",
            file=sys.stderr,
        )
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    server, base = _serve(site)
    try:
        for out in screenshots(chromium, f"{base}/reference/", out_dir):
            print(f"docs-shots: {out}")
    finally:
        server.shutdown()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
