"""Load third-party checks that a site names, from installed packages' entry points.

There is no automatic discovery: code that is merely installed would see every commenter's
email and IP address and could approve comments. A site lists the checks it wants::

    # pyproject.toml of the package that provides the check
    [project.entry-points."commentguard.checks"]
    stopforumspam = "sfs_check:StopForumSpamCheck"

    # the site
    checks = [*default_checks(), *checks_from_entry_points(names=["stopforumspam"])]

Each entry point names a check class (or factory) called with no arguments, or a ready check
object.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import entry_points

from commentguard.checks._protocol import Check
from commentguard.checks._runner import validate_checks
from commentguard.errors import CheckError

GROUP = "commentguard.checks"


def checks_from_entry_points(group: str = GROUP, *, names: Iterable[str]) -> list[Check]:
    """Load the checks ``names`` from the entry point ``group``, in the order named.

    Args:
        group: the entry point group (``"commentguard.checks"``).
        names: the entry point names the site chose; nothing else is loaded.

    Raises:
        CheckError: a name is not installed, fails to load, or is not a check.

    """
    if isinstance(names, str):
        raise CheckError("names must be a list of entry point names, not one str")
    wanted = list(names)
    available = {point.name: point for point in entry_points(group=group)}
    checks: list[object] = []
    for name in wanted:
        point = available.get(name)
        if point is None:
            raise CheckError(f"no check named {name!r} is installed in entry point group {group!r}")
        try:
            loaded = point.load()
            factory = isinstance(loaded, type) or (callable(loaded) and not hasattr(loaded, "check"))
            check = loaded() if factory else loaded
        except Exception as exc:
            raise CheckError(f"check {name!r} ({point.value}) failed to load: {exc}") from exc
        checks.append(check)
    return list(validate_checks(checks))
