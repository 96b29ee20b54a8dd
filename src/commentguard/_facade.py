"""Argument checks and callback calls shared by the facade's parts (guard, moderation, admin)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from commentguard._mask import stack_without_message
from commentguard.store import AdminStore, Store
from commentguard.submission import clean_text

_log = logging.getLogger("commentguard")


def positive_int(value: object, what: str) -> int:
    """``value`` if it is a whole number >= 1 (not a bool); else ``TypeError`` naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError(f"{what} must be a whole number >= 1, not {value!r}")
    return value


def post_id(value: object) -> str:
    """A post id to look up, cleaned as ``validate()`` cleaned the stored ones."""
    if not isinstance(value, str):
        raise TypeError(f"post_id must be a str, not {type(value).__name__}")
    return clean_text(value).strip()


def actor(value: object) -> str:
    """Who is moderating: a non-empty name, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise TypeError("actor must name who is moderating (a non-empty str)")
    return value.strip()


def admin_store(store: Store, operation: str) -> AdminStore:
    """``store`` as an :class:`AdminStore`, or ``TypeError`` saying it cannot do ``operation``."""
    if not isinstance(store, AdminStore):
        raise TypeError(f"{type(store).__name__} cannot {operation}: it does not implement AdminStore")
    return store


def notify(callback: Callable[..., object] | None, *args: object) -> None:
    """Call a site's callback after a change has committed; log, never re-raise, what it raises."""
    if callback is None:
        return
    try:
        callback(*args)
    except Exception as exc:  # the change has committed; a failing notification must not undo it
        # Its message may quote the comment the callback was given: log where, not what.
        _log.error("commentguard callback %r failed: %s", callback, stack_without_message(exc))
