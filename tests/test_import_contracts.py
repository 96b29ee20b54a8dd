"""The import-linter contracts hold on the package, and each one breaks on a deliberately wrong import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path, config: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--cache-dir", str(cache)],
        capture_output=True,
        text=True,
        env=env,
        cwd=src.parent,
        check=False,
    )


def test_the_package_keeps_every_contract(tmp_path: Path) -> None:
    """lint-imports passes on the package as it is: every layer and forbidden contract is kept."""
    result = _lint(ROOT / "src", ROOT / "pyproject.toml", tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "contract"),
    [
        ("model/_comment.py", "import commentguard.guard", "Each stage imports only down"),
        ("checks/builtin.py", "import commentguard.decide", "Each stage imports only down"),
        ("store/_common.py", "import commentguard.checks.builtin", "Nothing under store/ imports checks"),
        ("cli/_io.py", "import commentguard.guard", "cli and testing import only the public"),
        ("testing/_oracle.py", "from commentguard.policy import Policy as _P", "cli and testing import only"),
        ("model/_verdict.py", "import bleach", "Only sanitizer/ imports an HTML sanitizer library"),
        ("web/__init__.py", "import commentguard.moderation", "web and the framework integrations import"),
        ("integrations/__init__.py", "import commentguard.submission", "web and the framework integrations"),
        ("request.py", "import commentguard.web", "Each stage imports only down"),
    ],
)
def test_a_wrong_import_breaks_its_contract(
    tmp_path: Path, module: str, bad_import: str, contract: str
) -> None:
    """A wrong import added to a copy of the package makes lint-imports fail, naming the contract."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "commentguard", src / "commentguard")
    target = src / "commentguard" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{bad_import}  # noqa\n", encoding="utf-8")
    result = _lint(src, ROOT / "pyproject.toml", tmp_path / "cache")
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout
