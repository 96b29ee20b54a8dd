"""A real-browser XSS harness: load HTML into Chromium and report every sign that script ran.

A sanitizer is only as safe as what the browser does with its output, so this harness loads
each HTML string into Debian's Chromium (driven by Playwright, one browser per test session)
three ways, and watches for script from before the content arrives:

* ``Mode.INNER_HTML``: the page's own script sets a container's ``innerHTML``;
* ``Mode.STATIC``: the string is the body of a served HTML document (one iframe per string);
* ``Mode.ROUND_TRIP``: as ``INNER_HTML``, then ``el.innerHTML = el.innerHTML`` (mutation XSS).

The signals: the hooked ``alert``/``confirm``/``prompt``/``print``/``window.open`` and the canary
``__cg_canary()`` in every frame, Playwright dialogs, page errors, popups, navigation away from
the harness, any request to another origin (aborted), and the ``Content-Security-Policy-Report-Only``
reports and events that fire for every inline script, event handler or ``javascript:`` URL the
browser compiles or runs. After loading, every element is focused, hovered and clicked (by the
real mouse where it is on screen, and by dispatched events everywhere) and receives the
animation, transition, drag, key and handler-named events. Finally the DOM is checked for URLs
whose scheme is not http, https or mailto, ``srcdoc``, and event-handler attributes.

Strings are loaded in batches; a batch with any signal is re-run in halves, down to single
strings, so each signal names the string that caused it.

Known gaps: the harness waits ``settle_ms`` after interacting, so script delayed by a longer
timer is missed unless its handler or inline script was already reported by CSP (Chromium
reports an inline handler when it parses the attribute, before it runs); a signal that arrives
after its batch was collected is still blamed on the batch, marked "(late)". Usage::

    with BrowserHarness() as harness:
        for verdict in harness.check(['<b>hej</b>', '<img src=x onerror=alert(1)>']):
            print(verdict.safe, verdict.describe())
"""

from __future__ import annotations

import enum
import importlib.util
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

from .server import Batch, HarnessServer, locate

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Dialog, Frame, Page, Playwright, Route

CHROMIUM: Final = Path("/usr/bin/chromium")
CHROMIUM_ARGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_JS: Final = Path(__file__).with_name("js")
_HARNESS_FRAME_PREFIX: Final = "cg-"
_SINGLES_BELOW: Final = 8


class Mode(enum.Enum):
    """How an HTML string gets into the page."""

    INNER_HTML = "innerHTML"
    STATIC = "static document"
    ROUND_TRIP = "innerHTML round trip"


@dataclass(frozen=True)
class Signal:
    """One thing the browser did (or still holds) that sanitized HTML must never cause."""

    mode: Mode
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.mode.value}] {self.kind}: {self.detail}"


@dataclass(frozen=True)
class Verdict:
    """What the browser showed for one HTML string, over every mode it was loaded in."""

    html: str
    executions: tuple[Signal, ...]
    dom_findings: tuple[Signal, ...]

    @property
    def safe(self) -> bool:
        """True when nothing ran and the final DOM holds no dangerous URL or handler."""
        return not self.executions and not self.dom_findings

    def describe(self) -> str:
        """A multi-line account of the signals, for a test failure message."""
        lines = [f"HTML: {self.html!r}"]
        lines += [f"  ran: {signal}" for signal in self.executions]
        lines += [f"  DOM: {signal}" for signal in self.dom_findings]
        return "\n".join(lines)


def missing_prerequisites(chromium: Path = CHROMIUM, playwright_installed: bool | None = None) -> list[str]:
    """Say what is missing to run the browser tests, and how to install it (empty: nothing is).

    Args:
        chromium: where the Chromium binary must be.
        playwright_installed: whether the playwright package is importable; None looks it up.

    """
    if playwright_installed is None:
        playwright_installed = importlib.util.find_spec("playwright") is not None
    missing = []
    if not chromium.exists():
        missing.append(
            f"Chromium is not at {chromium}: install Debian's package with "
            "`apt-get update && apt-get install -y chromium` (as root)"
        )
    if not playwright_installed:
        missing.append(
            "the playwright package is missing: `pip install playwright` "
            "(never `playwright install`: the harness drives Debian's Chromium)"
        )
    return missing


def _script(name: str) -> str:
    """A function expression: js/common.js in scope, then the function in js/<name>."""
    common = (_JS / "common.js").read_text(encoding="utf-8")
    body = (_JS / name).read_text(encoding="utf-8").strip()
    # Drop the leading comment block so the file's text is a bare function expression.
    body = "\n".join(line for line in body.splitlines() if not line.startswith("//"))
    return f'(arg) => {{\n"use strict";\n{common}\nreturn ({body})(arg);\n}}'


@dataclass
class _Run:
    """What one page load of a batch produced (indices are positions in the batch)."""

    signals: list[tuple[int | None, str, str]]
    dom: list[tuple[int, str]]


class BrowserHarness:
    """One Chromium, a local server and one reusable page per mode; see the module docstring.

    Args:
        settle_ms: how long to wait after interacting before collecting signals.
        batch_size: how many strings one page load holds.
        click_limit: at most this many real-mouse clicks per frame and load.

    """

    def __init__(self, *, settle_ms: int = 150, batch_size: int = 24, click_limit: int = 200) -> None:
        from playwright.sync_api import sync_playwright

        self.settle_ms = settle_ms
        self.batch_size = batch_size
        self.click_limit = click_limit
        self._sweep, self._points, self._dom_check = (
            _script("sweep.js"),
            _script("points.js"),
            _script("dom_check.js"),
        )
        self._profile = tempfile.mkdtemp(prefix="cg-chromium-")
        self._server = HarnessServer()
        self._signals: dict[str, list[tuple[int | None, str, str]]] = {}
        self._active: str | None = None
        self._opening_page = False
        self._pages: dict[Mode, Page] = {}
        self._playwright: Playwright = sync_playwright().start()
        try:
            self._context: BrowserContext = self._playwright.chromium.launch_persistent_context(
                self._profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=list(CHROMIUM_ARGS),
                viewport={"width": 1280, "height": 1024},
            )
            self._context.set_default_timeout(10_000)
            self._context.expose_binding("__cg_signal", self._on_binding)
            self._context.add_init_script(script=(_JS / "hooks.js").read_text(encoding="utf-8"))
            self._context.route(lambda url: not url.startswith(self._server.origin + "/"), self._on_route)
            self._context.on("page", self._on_new_page)
        except BaseException:
            self.close()
            raise

    @property
    def playwright(self) -> Playwright:
        """The Playwright in use: a test needing its own browser launches it here (one per process)."""
        return self._playwright

    def __enter__(self) -> BrowserHarness:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the browser, the server and the playwright driver; remove the profile."""
        try:
            if hasattr(self, "_context"):
                self._context.close()
        finally:
            self._playwright.stop()
            self._server.close()
            shutil.rmtree(self._profile, ignore_errors=True)

    def check(self, htmls: Sequence[str], modes: Sequence[Mode] = tuple(Mode)) -> list[Verdict]:
        """Load every string in every mode and return one verdict per string, in order."""
        executions: list[list[Signal]] = [[] for _ in htmls]
        dom: list[list[Signal]] = [[] for _ in htmls]
        batches: dict[str, tuple[Mode, list[int]]] = {}
        for mode in modes:
            for start in range(0, len(htmls), self.batch_size):
                indices = list(range(start, min(start + self.batch_size, len(htmls))))
                self._check_batch(mode, htmls, indices, executions, dom, batches)
        # Anything that arrived after its batch was collected still counts, against that batch.
        if modes:
            self._page(modes[0]).wait_for_timeout(self.settle_ms)
        for token, (mode, indices) in batches.items():
            late = self._take(token)
            del self._signals[token]
            for i in indices:
                executions[i] += [Signal(mode, kind, f"{detail} (late)") for _, kind, detail in late]
        return [
            Verdict(html, tuple(dict.fromkeys(ran)), tuple(dict.fromkeys(held)))
            for html, ran, held in zip(htmls, executions, dom, strict=True)
        ]

    def evaluate(self, function: str, argument: object) -> Any:
        """Call the JavaScript ``function`` with ``argument`` in a harness page; return its result.

        For tests that ask the browser itself how it reads a value (``new URL(value).href``).
        """
        return self._page(next(iter(Mode))).evaluate(function, argument)

    def _check_batch(
        self,
        mode: Mode,
        htmls: Sequence[str],
        indices: list[int],
        executions: list[list[Signal]],
        dom: list[list[Signal]],
        batches: dict[str, tuple[Mode, list[int]]],
    ) -> None:
        token, run = self._run(mode, [htmls[i] for i in indices])
        batches[token] = (mode, indices)
        for position, detail in run.dom:
            dom[indices[position]].append(Signal(mode, "dom", detail))
        if run.signals:
            self._blame(mode, htmls, indices, run.signals, executions, batches)

    def _blame(
        self,
        mode: Mode,
        htmls: Sequence[str],
        indices: list[int],
        signals: list[tuple[int | None, str, str]],
        executions: list[list[Signal]],
        batches: dict[str, tuple[Mode, list[int]]],
    ) -> None:
        """Pin ``signals``, seen with ``indices`` loaded together, on single strings by re-running parts."""
        if len(indices) == 1:
            executions[indices[0]] += [Signal(mode, kind, detail) for _, kind, detail in signals]
            return
        # Halves find a few culprits among many in fewer loads; singles are quicker for small groups.
        half = len(indices) // 2
        parts = [[i] for i in indices] if len(indices) <= _SINGLES_BELOW else [indices[:half], indices[half:]]
        pinned = False
        for part in parts:
            token, run = self._run(mode, [htmls[i] for i in part])
            batches[token] = (mode, part)
            if run.signals:
                pinned = True
                self._blame(mode, htmls, part, run.signals, executions, batches)
        if not pinned:  # Only the combination signals: blame every string in it.
            suffix = f" (only when loaded together with {len(indices) - 1} others)"
            for i in indices:
                executions[i] += [Signal(mode, kind, detail + suffix) for _, kind, detail in signals]

    def _run(self, mode: Mode, htmls: list[str]) -> tuple[str, _Run]:
        """Load one batch in one page, interact, wait, and collect what it caused."""
        from playwright.sync_api import Error as PlaywrightError

        token = self._server.publish(Batch(tuple(htmls), mode is Mode.STATIC, mode is Mode.ROUND_TRIP))
        self._signals[token] = []
        self._active = token
        dom: list[tuple[int, str]] = []
        try:
            page = self._page(mode)
            page.goto(self._server.page_url(token), wait_until="load")
            frames = self._vector_frames(page, mode)
            self._click_everything(page, frames)
            for frame, scope, _ in frames:
                frame.evaluate(self._sweep, scope)
            page.wait_for_timeout(self.settle_ms)
            for frame, scope, index in frames:
                for box, tag, attribute, value, reason in frame.evaluate(self._dom_check, scope):
                    position = index if index is not None else int(box)
                    dom.append((position, f"<{tag} {attribute}={value!r}>: {reason}"))
        except PlaywrightError as exc:
            self._record(token, None, "harness error", str(exc).splitlines()[0])
        finally:
            self._server.retire(token)
            self._active = None
        return token, _Run(self._take(token), dom)

    def _vector_frames(self, page: Page, mode: Mode) -> list[tuple[Frame, str, int | None]]:
        """The frames that hold vectors, with the scope the scripts take and the vector index."""
        if mode is not Mode.STATIC:
            return [(page.main_frame, "boxes", None)]
        return [
            (frame, "document", int(frame.name.removeprefix(_HARNESS_FRAME_PREFIX)))
            for frame in page.main_frame.child_frames
            if frame.name.startswith(_HARNESS_FRAME_PREFIX)
        ]

    def _click_everything(self, page: Page, frames: list[tuple[Frame, str, int | None]]) -> None:
        """Hover and click every element on screen with the real mouse (trusted events)."""
        offsets: dict[str, list[float]] = page.evaluate(
            "() => Object.fromEntries(Array.from(document.querySelectorAll('iframe.cg-frame'),"
            " (f) => [f.name, [f.getBoundingClientRect().left, f.getBoundingClientRect().top]]))"
        )
        for frame, scope, _ in frames:
            left, top = offsets.get(frame.name, [0.0, 0.0]) if frame.parent_frame else [0.0, 0.0]
            for x, y in frame.evaluate(self._points, [scope, self.click_limit]):
                page.mouse.click(left + x, top + y)

    def _page(self, mode: Mode) -> Page:
        page = self._pages.get(mode)
        if page is None or page.is_closed():
            if not self._pages and self._context.pages:
                page = self._context.pages[0]
            else:
                self._opening_page = True
                try:
                    page = self._context.new_page()
                finally:
                    self._opening_page = False
            page.on("dialog", self._on_dialog)
            page.on("pageerror", lambda error: self._record(self._active, None, "page error", str(error)))
            page.on("crash", lambda _: self._record(self._active, None, "crash", "the page crashed"))
            page.on("framenavigated", self._on_navigated)
            self._pages[mode] = page
        return page

    def _record(self, token: str | None, index: int | None, kind: str, detail: str) -> None:
        """Keep a signal for its batch; one that names no batch goes to the batch running now."""
        token = token if token in self._signals else self._active
        self._signals.setdefault(token or "", []).append((index, kind, detail[:300]))

    def _take(self, token: str) -> list[tuple[int | None, str, str]]:
        """Remove and return the signals and CSP reports gathered so far for ``token``."""
        taken = self._signals.pop(token, [])
        self._signals[token] = []
        reports = self._server.take_reports(lambda report: report.token in (token, None))
        taken += [(report.index, "CSP report", report.detail) for report in reports]
        return taken + self._signals.pop("", [])

    def _locate_frame(self, frame: Frame | None) -> tuple[str | None, int | None]:
        """The batch token and vector index of the nearest harness frame at or above ``frame``."""
        while frame is not None:
            token, index = locate(frame.url)
            if token is not None:
                return token, index
            frame = frame.parent_frame
        return None, None

    def _on_binding(self, source: dict[str, Any], kind: str, detail: str, box: str) -> None:
        token, index = self._locate_frame(source.get("frame"))
        self._record(token, int(box) if box.isdigit() else index, kind, detail)

    def _on_route(self, route: Route) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            token, index = self._locate_frame(route.request.frame)
        except PlaywrightError:  # A request from a worker has no frame.
            token, index = None, None
        self._record(token, index, "request to another origin", route.request.url)
        route.abort("blockedbyclient")

    def _on_dialog(self, dialog: Dialog) -> None:
        self._record(self._active, None, f"{dialog.type} dialog", dialog.message)
        if dialog.type == "beforeunload":
            dialog.accept()
        else:
            dialog.dismiss()

    def _on_navigated(self, frame: Frame) -> None:
        url = frame.url.split("#", 1)[0]
        ours = url.startswith(self._server.origin + "/__cg/")
        harness_frame = frame.parent_frame is None or frame.name.startswith(_HARNESS_FRAME_PREFIX)
        if (harness_frame and not ours) or (
            not harness_frame and not ours and url not in ("about:blank", "about:srcdoc")
        ):
            token, index = self._locate_frame(frame.parent_frame)
            self._record(token, index, "navigation", url)

    def _on_new_page(self, page: Page) -> None:
        if self._opening_page:
            return
        self._record(self._active, None, "popup", page.url)
        page.close()


__all__ = [
    "CHROMIUM",
    "BrowserHarness",
    "Mode",
    "Signal",
    "Verdict",
    "missing_prerequisites",
]
