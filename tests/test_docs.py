"""Every example in docs/ and every docstring example in the package runs, and holds."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import commentguard

ROOT = Path(__file__).parents[1]
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def _blocks(page: Path, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(page.read_text(encoding="utf-8")) if lang == language]


@pytest.mark.parametrize("page", [p for p in DOCS if _blocks(p, "python")], ids=lambda p: p.name)
def test_python_examples_in_docs_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page's python blocks run in order in one namespace, in a scratch directory, without error."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(_blocks(page, "python"), start=1):
        code = compile(block, f"{page.name}[block {number}]", "exec")
        exec(code, namespace)  # noqa: S102 - running our own documentation is the point


def _console_examples(page: Path) -> list[tuple[str, str]]:
    examples = []
    for block in _blocks(page, "console"):
        command: str | None = None
        output: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            examples.append((command, "\n".join(output)))
    return examples


RUNNABLE = ("commentguard ", "echo ", "printf ")  # install and shell set-up lines are shown, not run


def _runnable_examples(page: Path) -> list[tuple[str, str]]:
    return [(command, output) for command, output in _console_examples(page) if command.startswith(RUNNABLE)]


CONSOLE_PAGES = [page for page in DOCS if _runnable_examples(page)]


@pytest.mark.parametrize("page", CONSOLE_PAGES, ids=lambda p: p.name)
def test_console_examples_in_docs_print_what_they_show(page: Path, tmp_path: Path) -> None:
    """Each `$ commentguard ...` example, run in order in a scratch copy of examples/, prints what it shows.

    A line `# exit N` under an example checks its exit status; `...` stands for any text.
    """
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    for command, expected in _runnable_examples(page):
        exit_line = re.search(r"^# exit (\d+)$", expected, re.M)
        expected_output = re.sub(r"^# exit \d+\n?", "", expected, flags=re.M).rstrip("\n")
        result = subprocess.run(  # noqa: S602 - a documented shell pipeline, run as a reader would
            command,
            shell=True,
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        shown = (result.stdout + result.stderr).rstrip("\n")
        pattern = ".*?".join(re.escape(part) for part in expected_output.split("..."))
        assert re.fullmatch(pattern, shown, re.S), f"{command}\n{shown}"
        if exit_line:
            assert result.returncode == int(exit_line.group(1)), shlex.quote(command)


MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(commentguard.__path__, "commentguard.")
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples_hold(module_name: str) -> None:
    """Every >>> example in the package's docstrings gives the output it shows."""
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
