"""What a check answers: an action, and the reason for it as data."""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from commentguard._mask import mask_text
from commentguard.messages import REASON_MESSAGES, UNKNOWN_REASON, normalize_locale, translate


class Action(str, enum.Enum):
    """What a check asks for, from most to least severe.

    ``REJECT``: not stored, the commenter sees an error. ``TRASH``, ``SPAM``: stored with that
    status. ``HOLD``: stored as pending. ``APPROVE``: published, unless another check holds it.
    """

    REJECT = "reject"
    TRASH = "trash"
    SPAM = "spam"
    HOLD = "hold"
    APPROVE = "approve"

    @property
    def severity(self) -> int:
        """Higher wins in :func:`~commentguard.decide` (``REJECT`` 5 ... ``APPROVE`` 1; no opinion 0)."""
        return _SEVERITY[self]

    def __str__(self) -> str:
        return self.value


_SEVERITY = {Action.REJECT: 5, Action.TRASH: 4, Action.SPAM: 3, Action.HOLD: 2, Action.APPROVE: 1}

ParamValue = str | int | float | bool | None
"""What a reason's parameters may hold: JSON scalars, so a reason can be stored as it is."""


class _KeepUnknown(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, params: Mapping[str, object]) -> str:
    """Format ``template`` with ``params``; a missing or malformed field never raises."""
    try:
        return string.Formatter().vformat(template, (), _KeepUnknown(params))
    except (ValueError, IndexError, AttributeError, TypeError, KeyError):
        return template


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a check reached its verdict: a code and its parameters, rendered on demand.

    >>> Reason("shouting", check="no_shouting", texts={"en": "All in capitals."}).message("sv")
    'All in capitals.'

    Attributes:
        code: a stable, machine-readable code (``"links"``, ``"flood"``, ...).
        params: JSON scalars the message is filled with (``{"count": 3, "limit": 2}``).
        check: the ``name`` of the check that gave the reason.
        texts: for checks outside commentguard, the message per language (``{"en": ..., "sv":
            ...}``, ``{param}`` fields allowed); built-in codes come from the catalogs.

    """

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    check: str = ""
    texts: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise TypeError("Reason.code must be a non-empty str")
        if not isinstance(self.check, str):
            raise TypeError("Reason.check must be the check's name, a str")
        params = dict(self.params)
        for key, value in params.items():
            if not isinstance(key, str) or not isinstance(value, (str, int, float, bool, type(None))):
                raise TypeError(
                    f"Reason.params must map str to JSON scalars; got {key!r}: {type(value).__name__}"
                )
        texts = dict(self.texts)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
            raise TypeError("Reason.texts must map a language ('en', 'sv') to a message str")
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "texts", texts)

    def __hash__(self) -> int:
        return hash((self.code, self.check, tuple(sorted(self.params.items(), key=lambda kv: kv[0]))))

    def __repr__(self) -> str:  # a matched word may be the commenter's IP or email address
        params = {k: mask_text(v) if isinstance(v, str) else v for k, v in self.params.items()}
        texts = f", texts={self.texts!r}" if self.texts else ""
        return f"Reason(code={self.code!r}, params={params!r}, check={self.check!r}{texts})"

    def message(self, locale: str = "en") -> str:
        """The reason as a sentence in ``locale``'s language (``"en"`` or ``"sv"``).

        Never raises for a stored reason: an unknown code without ``texts`` reads as
        "The check X gave the reason “code”."

        Raises:
            ValueError: ``locale`` is not a language commentguard speaks.

        """
        language = normalize_locale(locale)
        if self.texts:
            template = self.texts.get(language) or self.texts.get("en") or next(iter(self.texts.values()))
            return _fill(template, self.params)
        message_id = REASON_MESSAGES.get(self.code)
        if message_id is None:
            return translate(UNKNOWN_REASON, language, check=self.check or "?", code=self.code)
        return _fill(translate(message_id, language), self.params)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: ``code``, ``params``, ``check`` (and ``texts`` when set)."""
        data: dict[str, object] = {"code": self.code, "params": dict(self.params), "check": self.check}
        if self.texts:
            data["texts"] = dict(self.texts)
        return data


@dataclass(frozen=True, slots=True)
class Verdict:
    """A check's answer: an :class:`Action` and the :class:`Reason` for it.

    ``http_status`` is the HTTP-style status a ``REJECT`` is answered with (403 by default;
    429 for flooding, 409 for a duplicate); other actions ignore it.
    """

    action: Action
    reason: Reason
    http_status: int = 403

    def __post_init__(self) -> None:
        if not isinstance(self.action, Action):
            raise TypeError(f"Verdict.action must be an Action, not {type(self.action).__name__}")
        if not isinstance(self.reason, Reason):
            raise TypeError(f"Verdict.reason must be a Reason, not {type(self.reason).__name__}")
        status = self.http_status
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError(f"Verdict.http_status must be an HTTP error status (400-599), not {status!r}")
