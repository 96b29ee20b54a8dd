"""The demo blog as a reader and a moderator use it: real Chromium against the real demo server.

Not a test client: ``commentguard demo`` runs as its own process on 127.0.0.1, and Debian's
Chromium (driven by Playwright) loads the post, sends an XSS comment with the keyboard alone,
sees it held, logs in to the moderation page with HTTP Basic auth, approves it, and reloads the
post. Script must never run: dialogs are hooked, and the demo's ``script-src 'none'`` policy
reports every blocked script both to the page (``securitypolicyviolation``) and to the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..demo_server import Demo, running_demo
from .harness import CHROMIUM, CHROMIUM_ARGS, BrowserHarness

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Error, Page

PASSWORD = "demo-lösenord-1"
EMAIL = "anna.svensson@example.se"
ATTACK = (
    'Bra plan! <b>Viktigt</b> <script>alert("script")</script><img src=x onerror=alert("img")>'
    '<a href="javascript:alert(\'link\')" onmouseover=alert("hover")>läs mer</a>'
)
# Runs before any page script: records dialogs' hooks and every policy violation the page reports.
HOOKS = """
window.__cg_signals = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__cg_signals.push(name + ":" + args.join(",")); };
}
document.addEventListener("securitypolicyviolation",
  (e) => window.__cg_signals.push("csp:" + e.violatedDirective + ":" + e.blockedURI), true);
"""


@pytest.fixture(scope="module")
def chromium(browser: BrowserHarness) -> Iterator[Browser]:
    """A Chromium of its own, from the session harness's Playwright (skipped as the harness is)."""
    launched = browser.playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
    )
    yield launched
    launched.close()


def _open(browser: Browser, demo: Demo, *, moderator: bool = False) -> tuple[Page, list[str]]:
    """A page in a fresh context (the moderator's with HTTP Basic credentials) and its dialog log."""
    credentials = {"username": "moderator", "password": demo.password} if moderator else None
    context = browser.new_context(http_credentials=credentials)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    context.add_init_script(script=HOOKS)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_error(error: Error) -> None:
        dialogs.append(f"pageerror:{error}")

    page.on("dialog", on_dialog)
    page.on("pageerror", on_error)
    return page, dialogs


def _tab_to(page: Page, element_id: str) -> None:
    """Press Tab until ``element_id`` has the focus, as a keyboard user moves through the page."""
    for _ in range(40):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def _signals(page: Page) -> list[str]:
    return list(page.evaluate("window.__cg_signals || []"))


def test_comment_held_then_approved_shows_sanitized_and_runs_no_script(
    chromium: Browser, tmp_path: Path
) -> None:
    """Keyboard-only XSS comment, held, approved behind Basic auth: shown sanitized, no script, no email."""
    with running_demo(tmp_path / "demo.db", password=PASSWORD) as demo:
        reader, reader_dialogs = _open(chromium, demo)
        reader.goto(demo.url)
        assert reader.url.endswith("/posts/barnplan")
        assert "socialnämnden" in reader.inner_text("article.post")

        _tab_to(reader, "cg-content")
        reader.keyboard.type(ATTACK)
        reader.keyboard.press("Tab")
        assert reader.evaluate("document.activeElement.id") == "cg-author"
        reader.keyboard.type("Anna Svensson")
        reader.keyboard.press("Tab")
        reader.keyboard.type(EMAIL)
        _tab_to(reader, "cg-url")
        reader.keyboard.press("Tab")  # past the website field: the honeypot is never reached
        assert reader.evaluate("document.activeElement.tagName") == "BUTTON"
        reader.wait_for_timeout(3_500)  # the form token refuses forms sent back within 3 s
        with reader.expect_navigation():
            reader.keyboard.press("Enter")

        assert reader.inner_text(".cg-flash") == "Tack! Din kommentar väntar på granskning."
        assert reader.inner_text(".cg-awaiting-notice") == "Din kommentar väntar på granskning."

        anonymous, _ = _open(chromium, demo)  # Chromium gives up a navigation it has no credentials for
        refused = anonymous.request.get(demo.url + "moderation")
        assert refused.status == 401
        assert refused.headers["www-authenticate"].startswith("Basic")
        moderator, moderator_dialogs = _open(chromium, demo, moderator=True)
        response = moderator.goto(demo.url + "moderation")
        assert response is not None
        assert response.status == 200
        row = moderator.locator("#cg-row-1")
        assert "Första kommentaren från den här skribenten." in row.inner_text()
        with moderator.expect_navigation():
            row.get_by_role("button", name="Godkänn").click()
        assert moderator.inner_text(".cg-flash") == "Ändrade kommentarer: 1."

        reader.reload()
        content = reader.locator("#comment-1 .cg-content")
        assert content.inner_html() == "Bra plan! <b>Viktigt</b> läs mer"  # the javascript: link is unwrapped
        assert reader.locator("#comment-1 .cg-awaiting-notice").count() == 0
        reader.hover("#comment-1 .cg-content b")
        reader.click("#comment-1 .cg-content b")
        reader.wait_for_timeout(300)
        html = reader.content()
        assert EMAIL not in html
        assert "anna.svensson" not in html.lower()
        assert (
            reader.evaluate(
                "[...document.querySelectorAll('#comments *')].flatMap(e => [...e.attributes])"
                ".filter(a => a.name.startsWith('on') || /javascript:/i.test(a.value)).length"
            )
            == 0
        )
        for page, dialogs in ((reader, reader_dialogs), (moderator, moderator_dialogs)):
            assert dialogs == []
            assert _signals(page) == []
    assert not [line for line in demo.stderr if "CSP report" in line]


def test_demo_page_hooks_see_a_script_when_one_runs(chromium: Browser, tmp_path: Path) -> None:
    """The hooks are live: a script run in the page (as an injection would) is caught by them."""
    with running_demo(tmp_path / "demo.db", password=PASSWORD) as demo:
        page, dialogs = _open(chromium, demo)
        page.goto(demo.url)
        page.evaluate("alert('injected')")
        assert _signals(page) == ["alert:injected"]
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"alert(1)\">')")
        page.wait_for_timeout(300)
        assert any(signal.startswith("csp:script-src") for signal in _signals(page)), _signals(page)
        assert dialogs == []
