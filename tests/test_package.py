"""The package's shape: a sorted public API, documented names, a light import, enforced layers."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import commentguard

PACKAGE = Path(commentguard.__file__).parent

# Top may import bottom, never the reverse (DESIGN.md). A module's layer is its first match.
LAYERS = [
    ("commentguard.cli", "commentguard.__main__", "commentguard.testing"),
    ("commentguard.guard",),
    ("commentguard.public", "commentguard.privacy"),
    ("commentguard.store",),
    ("commentguard.decide",),
    ("commentguard.checks",),
    ("commentguard.comment",),
    ("commentguard.sanitize",),
    ("commentguard.submission",),
    ("commentguard.policy",),
    ("commentguard.messages", "commentguard.errors", "commentguard._text"),
]


def _layer(module: str) -> int | None:
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def _isort_key(name: str) -> tuple[int, str]:
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_complete() -> None:
    """__all__ is sorted (constants, classes, functions, as ruff sorts it), and every name exists."""
    assert commentguard.__all__ == sorted(commentguard.__all__, key=_isort_key)
    for name in commentguard.__all__:
        assert hasattr(commentguard, name), name


def test_every_public_name_has_a_docstring() -> None:
    """Each exported class and function says what it is for."""
    for name in commentguard.__all__:
        value = getattr(commentguard, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), f"{name} has no docstring"


def test_import_pulls_in_no_optional_dependency() -> None:
    """`import commentguard` loads no optional or test-only package, and SQLAlchemy only with SQLStore."""
    code = (
        "import sys, commentguard; "
        "heavy = [m for m in ('psycopg', 'akismet', 'hypothesis', 'html5lib', 'selectolax', 'babel', "
        "'playwright', 'atheris', 'pytest', 'sqlalchemy') if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_modules_import_only_downward() -> None:
    """No module imports from a layer above its own."""
    violations = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__")
        own = _layer(module)
        if own is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("commentguard"):
                target = _layer(node.module)
                if target is not None and target < own:
                    violations.append(f"{module} imports {node.module}")
    assert violations == []


def test_package_is_typed() -> None:
    """The package ships py.typed, so users' type checkers read our hints."""
    assert (PACKAGE / "py.typed").exists()


def test_sqlstore_loads_on_first_use() -> None:
    """commentguard.SQLStore is the real class once asked for, and unknown names still raise."""
    from commentguard.store._sql import SQLStore

    assert commentguard.SQLStore is SQLStore
    assert "SQLStore" in commentguard.__all__
    with pytest.raises(AttributeError, match="NoSuchName"):
        commentguard.NoSuchName  # noqa: B018
