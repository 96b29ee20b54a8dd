"""The reasons a comment was decided with, kept as data: checked on the way in, JSON at rest.

A :class:`~commentguard.Reason` is a code, JSON-scalar parameters, a check name and (for
checks outside commentguard) message templates, never a rendered sentence, so a stored
reason reads in whichever language the moderator uses. The SQL store keeps a comment's
reasons as one JSON text column: written once by ``add``, read only with the comment, and
never searched, so a table of their own would buy nothing.

The JSON is ASCII (everything else is written as a JSON escape), so a NUL or a lone
surrogate a check put in a parameter round-trips exactly instead of being refused: a
hostile parameter can never cost a comment its place in the queue. NaN and the infinities
are written as Python's ``json`` writes them and read back as floats (NaN is still NaN,
though never equal to itself).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from commentguard.errors import StoreError
from commentguard.model import Reason


def storable_reasons(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """Fresh copies of ``reasons`` (a caller's later changes never reach the store), or ``TypeError``."""
    if isinstance(reasons, (str, bytes, Reason)) or not isinstance(reasons, Iterable):
        raise TypeError(f"reasons must be a sequence of Reason, not {type(reasons).__name__}")
    copies = []
    for reason in reasons:
        if not isinstance(reason, Reason):
            raise TypeError(f"reasons must be Reason objects, not {type(reason).__name__}")
        copies.append(copy_reason(reason))
    return tuple(copies)


def copy_reason(reason: Reason) -> Reason:
    """An equal reason with its own ``params`` and ``texts`` dicts (``Reason`` copies them)."""
    return Reason(reason.code, reason.params, reason.check, reason.texts)


def without_params(reason: Reason) -> Reason:
    """The reason as personal-data erasure leaves it: code, check and texts; no parameters.

    Parameters may hold what the commenter gave: a word-list entry that is an IP address or an
    email address, the field it matched, a third-party check's anything. The code and the
    check's name are the site's own vocabulary, so the moderator still sees why.
    """
    return Reason(reason.code, {}, reason.check, reason.texts)


def encode(reasons: tuple[Reason, ...]) -> str:
    """The JSON text of ``reasons``, in order (``"[]"`` for none)."""
    return json.dumps([reason.to_dict() for reason in reasons], ensure_ascii=True)


def decode(text: str, where: str) -> tuple[Reason, ...]:
    """The reasons ``encode`` wrote, or ``StoreError`` naming ``where`` if the text is damaged."""
    try:
        items = json.loads(text)
        return tuple(
            Reason(item["code"], item["params"], item["check"], item.get("texts", {})) for item in items
        )
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StoreError(f"{where}: the stored reasons are not readable ({exc})") from exc


def erased(text: str) -> str:
    """The JSON of stored reasons with every ``params`` removed (``"[]"`` if it was damaged).

    Erasure must never fail halfway on a damaged column, and an unreadable one may hold
    anything, so it is cleared rather than kept.
    """
    try:
        kept = decode(text, "")
    except StoreError:
        return "[]"
    return encode(tuple(without_params(reason) for reason in kept))
