"""The package's shape: a sorted public API, documented names, a light import, one home per type.

The layers themselves are import-linter contracts (pyproject.toml); tests/test_import_contracts.py
runs them and proves each one fails on a deliberately wrong import.
"""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import commentguard

PACKAGE = Path(commentguard.__file__).parent


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
        "'playwright', 'atheris', 'pytest', 'sqlalchemy', 'flask', 'jinja2', 'werkzeug', 'markupsafe') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_no_class_is_defined_twice() -> None:
    """Each class name is defined in one module only: a shared type lives in model.py, not in copies."""
    where: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where.setdefault(node.name, []).append(str(path.relative_to(PACKAGE)))
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}


def test_public_names_report_the_package_as_their_home() -> None:
    """Public classes and functions say `commentguard`, so reprs and docs show the path users import."""
    for name in commentguard.__all__:
        value = getattr(commentguard, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__ == "commentguard", name
    assert repr(commentguard.Status) == "<enum 'Status'>"
    assert commentguard.Comment.__qualname__ == "Comment"
    assert str(commentguard.CommentGuard) == "<class 'commentguard.CommentGuard'>"


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
