"""Fuzz ``commentguard.sanitizer`` with atheris (libFuzzer), asserting the oracle on every input.

Each input is read as UTF-8, with invalid bytes kept as lone surrogates (``surrogateescape``),
so the committed corpus files are plain HTML and the fuzzer also reaches the surrogate and
control-character paths. Every input is sanitized under three policies and the output must
pass ``commentguard.testing.assert_safe_html``; a failure is a crash, saved by libFuzzer as
``crash-<sha1>``. Every input it ever finds becomes a regression vector in
``tests/sanitize/test_regressions.py``.

    python fuzz/fuzz_sanitize.py [libFuzzer flags] NEW_CORPUS_DIR fuzz/corpus

``scripts/fuzz`` runs it open-ended; ``tests/fuzz/test_fuzz_run.py`` runs it for a fixed
seed and number of runs over the committed corpus.
"""

from __future__ import annotations

import sys

import atheris

# Only the code under test: commentguard also imports pydantic and SQLAlchemy, which need none.
with atheris.instrument_imports(include=["commentguard", "bleach", "html5lib"]):
    from dataclasses import replace

    import commentguard.testing._trees  # the oracle's parsers: coverage of outputs too
    from commentguard import WORDPRESS_POLICY, Policy, sanitize
    from commentguard.testing import assert_safe_html

    commentguard.testing._trees.html5lib_tree("")  # import html5lib under instrumentation

POLICIES: tuple[Policy, ...] = (
    WORDPRESS_POLICY,
    WORDPRESS_POLICY.allowing(tags={"s"}),
    replace(WORDPRESS_POLICY, allow_relative_urls=True),
)


def test_one_input(data: bytes) -> None:
    """Sanitize ``data`` under every policy and assert the oracle on each output."""
    html = data.decode("utf-8", "surrogateescape")
    for policy in POLICIES:
        try:
            result = sanitize(html, policy)
        except ValueError:  # refused before parsing: only ever for input over the size cap
            if len(html.encode("utf-8", "surrogatepass")) <= policy.max_input_bytes:
                raise
            continue
        assert_safe_html(result, policy)


def main() -> None:
    """Hand the command line to libFuzzer and fuzz until it stops."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
