"""A signed, timestamped form token: robots that post without loading the form, or too fast.

The form embeds hidden fields from :meth:`FormToken.issue` (the guard's ``form_token()``);
they come back with the post. The value is the issue time and an HMAC-SHA-256 over the post
id and that time, keyed with the site's secret, compared in constant time::

    >>> from datetime import datetime, timedelta, timezone
    >>> token = FormToken("site-secret")
    >>> issued = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
    >>> fields = token.issue("plan-for-handling", issued)
    >>> list(fields)
    ['cg_token']
    >>> token.verify(fields["cg_token"], "plan-for-handling", issued + timedelta(seconds=30)) is None
    True
    >>> token.verify(fields["cg_token"], "another-post", issued + timedelta(seconds=30)).code
    'token_invalid'

Missing or forged → ``SPAM``; back sooner than ``min_seconds`` → ``SPAM``; older than
``max_age`` → ``HOLD`` only, since pages are cached and people leave tabs open.

A token carries one comment: each one issued has a random part of its own, and the guard
asks its store (an :class:`~commentguard.AtomicStore`) to record the token with the comment,
in the same transaction; the same token again, until it expires, holds the comment
(``token_used``; a cached page can hand one token to many people, so never worse than held).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta, timezone

from commentguard.checks._protocol import CheckContext, Draft
from commentguard.errors import CheckError
from commentguard.model import Action, Reason, Verdict
from commentguard.submission import clean_text

DEFAULT_FIELD = "cg_token"
_VALUE = re.compile(r"([0-9]{1,12})(?:\.([0-9a-f]{16}))?\.([0-9a-f]{64})")
"""issue time, the random part (tokens issued before it had none), signature."""
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _key(secret: str | bytes) -> bytes:
    raw = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not isinstance(raw, bytes) or not raw:
        raise CheckError("the form token needs a non-empty site secret (str or bytes)")
    # A key of its own, so the form token and the avatar hash never share one.
    return hmac.new(raw, b"commentguard form token v1", hashlib.sha256).digest()


class FormToken:
    """The signed form token check (see the module docstring).

    Args:
        secret: the site's secret (str or bytes, not empty); keep it out of the repository.
        min_seconds: a form sent back sooner than this is a robot's (default 3).
        max_age: a token older than this holds the comment (default 24 hours).
        field: the hidden field's name (default ``"cg_token"``).

    Raises:
        CheckError: the secret is empty or a setting is out of range.

    """

    name = "form_token"

    def __init__(
        self,
        secret: str | bytes,
        *,
        min_seconds: float = 3,
        max_age: timedelta = timedelta(hours=24),
        field: str = DEFAULT_FIELD,
    ) -> None:
        self._key = _key(secret)
        if isinstance(min_seconds, bool) or not isinstance(min_seconds, (int, float)) or min_seconds < 0:
            raise CheckError(f"min_seconds must be a number >= 0, not {min_seconds!r}")
        if not isinstance(max_age, timedelta) or max_age.total_seconds() <= min_seconds:
            raise CheckError(f"max_age must be a timedelta longer than min_seconds, not {max_age!r}")
        if not isinstance(field, str) or not field:
            raise CheckError("the form token needs a hidden field name")
        self.min_seconds = min_seconds
        self.max_age = max_age
        self.field = field

    def __repr__(self) -> str:
        return f"FormToken(field={self.field!r}, min_seconds={self.min_seconds!r}, max_age={self.max_age!r})"

    def _sign(self, post_id: str, issued: int, nonce: str | None) -> str:
        extra = "" if nonce is None else f"\x00{nonce}"
        message = f"{post_id}\x00{issued}{extra}".encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def issue(self, post_id: str, now: datetime) -> dict[str, str]:
        """The hidden form fields (name → value) for a form on ``post_id``, issued at ``now``.

        Raises:
            TypeError: ``post_id`` is not a str.
            ValueError: ``post_id`` is empty or ``now`` is not timezone-aware.

        """
        if not isinstance(post_id, str):
            raise TypeError(f"post_id must be a str, not {type(post_id).__name__}")
        if now.tzinfo is None:
            raise ValueError("form tokens are issued at an aware datetime; check the guard's clock")
        post_id = clean_text(post_id).strip()  # as validation will have cleaned the posted one
        if not post_id:
            raise ValueError("form tokens are issued for a post id; got an empty one")
        issued = int((now - _EPOCH).total_seconds())
        nonce = secrets.token_hex(8)
        return {self.field: f"{issued}.{nonce}.{self._sign(post_id, issued, nonce)}"}

    def verify(self, value: str | None, post_id: str, now: datetime) -> Reason | None:
        """``None`` when ``value`` is a good token for ``post_id`` at ``now``; else why not."""
        found = _VALUE.fullmatch(value.strip()) if isinstance(value, str) else None
        if found is None:
            return Reason("token_invalid", check=self.name)
        issued = int(found.group(1))
        expected = self._sign(post_id, issued, found.group(2))
        if not hmac.compare_digest(found.group(3).encode("ascii"), expected.encode("ascii")):
            return Reason("token_invalid", check=self.name)
        age = (now - _EPOCH).total_seconds() - issued
        if age < self.min_seconds:
            return Reason("token_too_fast", {"seconds": max(0, int(age))}, check=self.name)
        if age > self.max_age.total_seconds():
            hours = round(self.max_age.total_seconds() / 3600, 2)
            return Reason(
                "token_expired", {"hours": int(hours) if hours.is_integer() else hours}, check=self.name
            )
        return None

    def once(self, value: str) -> tuple[str, datetime]:
        """The key a store records a good token ``value`` under, and when the record may go.

        The key is a digest (the token itself is never stored); the record expires with the
        token, after which the token is refused as expired anyway.
        """
        token = value.strip()
        found = _VALUE.fullmatch(token)
        issued = int(found.group(1)) if found is not None else 0
        key = hashlib.sha256(f"commentguard form token\x00{token}".encode()).hexdigest()[:32]  # 128 bits
        return key, _EPOCH + timedelta(seconds=issued) + self.max_age

    def used(self) -> Verdict:
        """The verdict for a good token that already carried a stored comment: held, never rejected."""
        return Verdict(Action.HOLD, Reason("token_used", check=self.name))

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        reason = self.verify(draft.submission.extra.get(self.field), draft.submission.post_id, context.now)
        if reason is None:
            return None
        return Verdict(Action.HOLD if reason.code == "token_expired" else Action.SPAM, reason)
