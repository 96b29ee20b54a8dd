"""The deterministic fuzz run CI does: fixed seed, fixed number of runs, committed corpus."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import require

ROOT = Path(__file__).parents[2]
HARNESS = ROOT / "fuzz" / "fuzz_sanitize.py"
CORPUS = ROOT / "fuzz" / "corpus"
# The corpus first, then mutations; -runs counts both. About 40 s here (176 runs/s, 2 cores).
RUNS = 6000


def test_fixed_fuzz_run_over_the_corpus_breaks_nothing(tmp_path: Path) -> None:
    """libFuzzer with -seed=1 over the committed corpus finds no input that breaks the oracle."""
    require(
        importlib.util.find_spec("atheris") is not None,
        "the fuzz run needs atheris: pip install atheris (scripts/test installs it)",
    )
    new_inputs = tmp_path / "new"  # libFuzzer adds to the first directory: never the committed one
    new_inputs.mkdir()
    command = [
        sys.executable, str(HARNESS), "-seed=1", f"-runs={RUNS}", "-timeout=30",
        f"-artifact_prefix={tmp_path}/", str(new_inputs), str(CORPUS),
    ]  # fmt: skip
    # PYTHONHASHSEED fixes set and dict orders inside the parsers, so coverage, and with it
    # the mutation sequence, is the same on every run.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    crashes = sorted(tmp_path.glob("crash-*")) + sorted(tmp_path.glob("timeout-*"))
    found = [repr(path.read_bytes().decode("utf-8", "surrogateescape")) for path in crashes]
    log = "\n".join(line for line in result.stderr.splitlines() if not line.startswith("INFO: Instrumenting"))
    assert not found, (
        f"the fuzzer found inputs that break the oracle: {found}; add each to "
        f"tests/sanitize/test_regressions.py.\n{log[-4000:]}"
    )
    assert result.returncode == 0, log[-4000:]
    assert f"Done {RUNS} runs" in result.stderr
