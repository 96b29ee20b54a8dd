"""CPU time of the audit's two hostile form reproducers: a huge form and a long name.

Run from the repository root::

    python benchmarks/hostile_forms.py             # 5 interleaved rounds
    python benchmarks/hostile_forms.py --rounds 9

``fields``: ``validate()`` of a form with 100,000 unknown fields (issue 10 item 6 measured
10.9 s and 100,000 errors before the field cap). ``name``: ``public_author()`` of a 16,000-
character name with no ``@`` in it (item 7 measured 1.2 s, on every ``public_comments``
call, before the linear email test). Each figure is CPU time (``time.process_time``), the
median [min-max] of interleaved rounds, in milliseconds, with the number of errors reported.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from commentguard import RequestInfo, ValidationFailed, to_public, validate
from commentguard import __version__ as version

FIELDS = 100_000
NAME_CHARS = 16_000


def huge_form() -> Callable[[], int]:
    """``validate()`` of a form with 100,000 unknown fields beside the real ones; returns the error count."""
    form: dict[str, object] = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "content": "Hej"}
    form.update((f"field{n}", "x") for n in range(FIELDS))
    request = RequestInfo(ip="203.0.113.7")

    def run() -> int:
        try:
            validate(form, request)
        except ValidationFailed as failed:
            return len(failed.errors)
        return 0

    return run


def long_name() -> Callable[[], int]:
    """The public view's name of a 16,000-character name with no ``@`` (as ``public_comments`` makes it)."""
    from datetime import datetime, timezone

    from commentguard import NewComment, sanitize

    comment = NewComment(
        post_id="7",
        author="a" * NAME_CHARS,
        email="anna@example.se",
        content_raw="Hej",
        content=sanitize("Hej"),
        policy_version="bench",
        created_at=datetime(2026, 5, 1, tzinfo=timezone.utc),
    )

    def run() -> int:
        return len(to_public(comment).author)

    return run


def main() -> None:
    """Measure both reproducers in interleaved rounds and print median [min-max] CPU milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    args = parser.parse_args()
    cases = {"fields": huge_form(), "name": long_name()}
    times: dict[str, list[float]] = {name: [] for name in cases}
    results: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, run in cases.items():
            started = time.process_time()
            results[name] = run()
            times[name].append(time.process_time() - started)
    print(f"commentguard {version}, {args.rounds} rounds, CPU milliseconds: median [min-max]")
    for name, spent in times.items():
        what = f"{results[name]} errors" if name == "fields" else f"name of {results[name]} characters"
        low, mid, high = (1000 * t for t in (min(spent), statistics.median(spent), max(spent)))
        print(f"{name:<7} {mid:10.3f} [{low:.3f}-{high:.3f}]  {what}")


if __name__ == "__main__":
    main()
