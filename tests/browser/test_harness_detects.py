"""The harness can see: unsanitized attacks are caught, benign HTML is not, and blame is exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import BrowserHarness, Mode, Verdict, missing_prerequisites

# Unsanitized classics: each runs script in current Chromium in at least one insertion mode.
CLASSICS = {
    "img onerror": "<img src=x onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)>",
    "javascript: link, clicked": '<a href="javascript:alert(1)">x</a>',
    "javascript: iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "details ontoggle": "<details open ontoggle=alert(1)>",
    "style animation handler": (
        '<style>@keyframes x{}</style><b style="animation-name:x" onanimationstart=alert(1)>x</b>'
    ),
    "iframe onload into the child frame": "<iframe onload=contentWindow.alert(1)></iframe>",
    "canary from a handler": '<b onmouseover="__cg_canary(1)">hover</b>',
}
# Signal kinds that mean the script itself ran and reached one of the hooks.
RAN = {"alert", "confirm", "prompt", "print", "window.open", "canary", "alert dialog"}

BENIGN = [
    '<b>hej</b> <a href="https://example.se" rel="nofollow ugc">x</a>',
    'Tack! <em>Bra</em> <a href="mailto:anna@example.se" rel="nofollow ugc">mejl</a>',
    '<blockquote cite="https://example.se/k">citat</blockquote> <q>kort</q> <code>&lt;b&gt;</code>',
    '<del datetime="2024-05-01">gammalt</del> <s>struket</s> <abbr title="x">X</abbr> 3 &lt; 4',
]


@pytest.fixture(scope="module")
def classics(browser: BrowserHarness) -> dict[str, Verdict]:
    """The classics' verdicts, loaded once for the whole module."""
    return dict(zip(CLASSICS, browser.check(list(CLASSICS.values())), strict=True))


@pytest.mark.parametrize("name", CLASSICS)
def test_unsanitized_classic_is_seen_running(classics: dict[str, Verdict], name: str) -> None:
    """Each unsanitized classic is caught running its alert or canary in at least one insertion mode."""
    verdict = classics[name]
    assert any(signal.kind in RAN for signal in verdict.executions), verdict.describe()


def test_every_mode_sees_the_onerror_classic(classics: dict[str, Verdict]) -> None:
    """``<img src=x onerror=…>`` is caught by innerHTML, by the static document and by the round trip."""
    seen = {signal.mode for signal in classics["img onerror"].executions if signal.kind in RAN}
    assert seen == set(Mode)


def test_benign_html_gives_no_signal(browser: BrowserHarness) -> None:
    """Benign comment HTML, links clicked included, gives no signal and no DOM finding in any mode."""
    failures = [verdict.describe() for verdict in browser.check(BENIGN) if not verdict.safe]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "html",
    [
        '<img src=x onerror="void 0">',
        # Raw bleach keeps this href (it reads "javascript:123" as host:port); Chromium runs it on click.
        '<a href="javascript:123">x</a>',
    ],
)
def test_csp_report_catches_script_that_calls_no_hook(browser: BrowserHarness, html: str) -> None:
    """Script that never calls a hook is still caught, in every mode, by the report-only CSP's reports."""
    (verdict,) = browser.check([html])
    assert {s.mode for s in verdict.executions if s.kind == "CSP report"} == set(Mode), verdict.describe()


def test_request_to_another_origin_is_aborted_and_counted(browser: BrowserHarness) -> None:
    """A request to any origin but the harness's own is a signal, in every mode."""
    (verdict,) = browser.check(['<img src="https://example.invalid/pixel.png">'])
    kinds = {s.mode for s in verdict.executions if s.kind == "request to another origin"}
    assert kinds == set(Mode), verdict.describe()


def test_navigation_away_from_the_harness_is_a_signal(browser: BrowserHarness) -> None:
    """A vector that takes its page or frame away from the harness URL is caught."""
    (verdict,) = browser.check(['<meta http-equiv="refresh" content="0;url=/elsewhere">'], [Mode.STATIC])
    assert any(s.kind == "navigation" for s in verdict.executions), verdict.describe()


def test_dangerous_urls_left_in_the_dom_are_reported(browser: BrowserHarness) -> None:
    """URLs with a non-http(s)/mailto scheme are reported from the final DOM even when nothing runs."""
    verdicts = browser.check(
        [
            '<blockquote cite="javascript:alert(1)">q</blockquote>',
            '<a href="vbscript:msgbox(1)">v</a>',
            '<q cite=" java&#x09;script:x">q</q>',
        ]
    )
    for verdict in verdicts:
        assert {s.mode for s in verdict.dom_findings} == set(Mode), verdict.describe()


def test_a_batch_blames_only_the_vector_that_ran(browser: BrowserHarness) -> None:
    """In a batch of many strings, only the one that runs script is blamed, by name."""
    htmls = [f"<b>benign {i}</b>" for i in range(40)]
    htmls[17] = '<i onclick="__cg_canary(17)">clicked</i>'
    verdicts = browser.check(htmls)
    assert [i for i, verdict in enumerate(verdicts) if not verdict.safe] == [17]
    assert {s.mode for s in verdicts[17].executions if s.kind == "canary"} == set(Mode)


def test_missing_prerequisites_say_how_to_enable(tmp_path: Path) -> None:
    """Without Chromium or playwright, the skip message gives the exact install commands."""
    message = " ".join(missing_prerequisites(tmp_path / "no-chromium", playwright_installed=False))
    assert "apt-get install -y chromium" in message
    assert "pip install playwright" in message
