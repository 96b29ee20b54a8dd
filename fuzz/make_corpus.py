"""Write the fuzzer's committed seed corpus from the project's own vectors, and nothing else.

    python fuzz/make_corpus.py

Writes ``fuzz/corpus/<sha1>`` (libFuzzer's naming) for every hand-written vector in
``commentguard.testing.strategies.VECTORS`` and every input in
``tests/sanitize/test_regressions.py``. Text is written as UTF-8, lone surrogates as their
(invalid) UTF-8 bytes, which the harness reads back as lone surrogates. Existing files are
never removed, so inputs added by hand stay. Public corpora (``../shared/xss``) carry other
licenses and are never copied here.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fuzz" / "corpus"


def seeds() -> list[bytes]:
    """Every vector the project wrote itself, as the bytes the harness reads."""
    sys.path.insert(0, str(ROOT))
    from tests.sanitize.test_regressions import REGRESSIONS

    from commentguard.testing.strategies import VECTORS

    texts = [*VECTORS, *(str(param.values[0]) for param in REGRESSIONS)]
    return [text.encode("utf-8", "surrogatepass") for text in dict.fromkeys(texts)]


def main() -> None:
    """Write any seed missing from ``fuzz/corpus/`` and say how many were new."""
    CORPUS.mkdir(parents=True, exist_ok=True)
    new = 0
    for data in seeds():
        path = CORPUS / hashlib.sha1(data, usedforsecurity=False).hexdigest()  # libFuzzer names inputs so
        if not path.exists():
            path.write_bytes(data)
            new += 1
    print(f"fuzz/corpus: {new} new, {len(list(CORPUS.iterdir()))} in all")


if __name__ == "__main__":
    main()
