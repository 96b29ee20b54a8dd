"""Third-party checks load only when a site names them."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from commentguard import CheckError
from commentguard.checks import CheckContext, Draft, checks_from_entry_points
from commentguard.checks import entry_points as module


class Installed:
    """A third-party check class."""

    name = "installed"

    def check(self, draft: Draft, context: CheckContext) -> None:
        """No opinion."""


class Configured(Installed):
    """A third-party check shipped as a ready object."""

    name = "configured"


INSTANCE = Configured()
NOT_A_CHECK = 42


def broken() -> object:
    """A factory that fails, as one missing its configuration would."""
    raise RuntimeError("needs an API key")


@pytest.fixture(autouse=True)
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend these entry points are installed."""
    points = [
        EntryPoint("installed", f"{__name__}:Installed", module.GROUP),
        EntryPoint("instance", f"{__name__}:INSTANCE", module.GROUP),
        EntryPoint("nonsense", f"{__name__}:NOT_A_CHECK", module.GROUP),
        EntryPoint("broken", f"{__name__}:broken", module.GROUP),
        EntryPoint("missing_module", "no_such_module_xyz:Check", module.GROUP),
    ]
    monkeypatch.setattr(module, "entry_points", lambda group: [p for p in points if p.group == group])


def test_only_named_checks_load_in_the_order_named() -> None:
    """Installed-but-unnamed checks are never loaded; classes are instantiated, objects used."""
    checks = checks_from_entry_points(names=["instance", "installed"])
    assert checks[0] is INSTANCE
    assert isinstance(checks[1], Installed)
    assert checks_from_entry_points(names=[]) == []


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["not_installed"], "no check named 'not_installed'"),
        (["nonsense"], "is not a check"),
        (["broken"], "failed to load: needs an API key"),
        (["missing_module"], "failed to load"),
        (["installed", "installed"], "two checks are named"),
        ("installed", "not one str"),
    ],
)
def test_load_problems_are_check_errors(names: list[str], message: str) -> None:
    """A name that is missing, broken or not a check fails loudly at set-up."""
    with pytest.raises(CheckError, match=message):
        checks_from_entry_points(names=names)
