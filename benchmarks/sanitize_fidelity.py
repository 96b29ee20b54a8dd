"""How many inputs lose visible text in sanitize(): the fidelity cases, our vectors, the shared corpora.

Run: ``python benchmarks/sanitize_fidelity.py`` (``-v`` lists each losing input). "Visible
text" is what ``tests/sanitize/visible.py`` measures (issue 11): the text tokens of an
html5lib parse of the input, but closed ``script``/``style`` content and comments, each of
which must appear in order in the output's text, white space ignored.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dataclasses  # noqa: E402 - after the path set-up

from tests.browser.test_corpus import SHARED_XSS, _unescape, own_vectors, shared_vectors  # noqa: E402
from tests.sanitize.visible import lost_text  # noqa: E402

from commentguard import WORDPRESS_POLICY, Policy, sanitize  # noqa: E402

CASES = ROOT / "tests" / "sanitize" / "fidelity.txt"


def fidelity_cases() -> list[tuple[Policy, str]]:
    """The cases of ``tests/sanitize/fidelity.txt`` as (policy, input).

    On a commentguard older than ``linkify_emails`` (to measure "before"), the emails cases
    run under the shipped policy.
    """
    try:
        emails = dataclasses.replace(WORDPRESS_POLICY, linkify_emails=True)
    except TypeError:
        emails = WORDPRESS_POLICY
    policies = {"wordpress": WORDPRESS_POLICY, "emails": emails}
    lines = CASES.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return [(policies[row[0]], _unescape(row[1])) for row in rows]


def main() -> int:
    """Print, per group, how many inputs lose visible text."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every losing input")
    args = parser.parse_args()
    shared = shared_vectors() if SHARED_XSS.is_dir() else []
    groups = {
        "fidelity cases": fidelity_cases(),
        "own vectors": [(WORDPRESS_POLICY, vector.text) for vector in own_vectors()],
        "shared corpora": [(WORDPRESS_POLICY, vector.text) for vector in shared],
    }
    for name, cases in groups.items():
        losing = [(html, lost) for policy, html in cases if (lost := lost_text(html, sanitize(html, policy)))]
        print(f"{name}: {len(losing)} of {len(cases)} inputs lose visible text")
        for html, lost in losing if args.verbose else ():
            print(f"    {html[:90]!r} -> {[piece[:50] for piece in lost][:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
