"""Personal data: export everything a commenter gave, or erase it as WordPress does.

Export gives every comment of an email address with all its fields (the commenter's right
of access). Erase replaces the name with "Anonymous" ("Anonym" in Swedish), blanks the
email, website, user agent and user id, anonymizes the IP address and keeps the content, so
threads still read. Both go through the store a page at a time, so a large site never loads
one commenter's whole history at once::

    >>> from datetime import datetime, timezone
    >>> from commentguard import NewComment, RequestInfo, sanitize, validate
    >>> from commentguard.store import MemoryStore
    >>> store = MemoryStore()
    >>> form = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "content": "Hej"}
    >>> submission = validate(form, RequestInfo(ip="203.0.113.7"))
    >>> when = datetime(2026, 5, 1, tzinfo=timezone.utc)
    >>> _ = store.add(NewComment.from_submission(
    ...     submission, sanitize(submission.content), policy_version="v1", created_at=when))
    >>> [item["ip"] for item in export_personal_data(store, "ANNA@example.se")]
    ['203.0.113.7']
    >>> erase_personal_data(store, "anna@example.se", anonymous="Anonym")
    1
    >>> store.get(1).author, store.get(1).email, store.get(1).ip, store.get(1).content
    ('Anonym', '', '203.0.113.0', SafeHtml('Hej'))
"""

from __future__ import annotations

from collections.abc import Iterator

from commentguard.messages import N_
from commentguard.model import Comment
from commentguard.store import AdminStore, Store, anonymize_ip
from commentguard.submission import clean_text

__all__ = ["ANONYMOUS", "anonymize_ip", "erase_personal_data", "export_personal_data"]

ANONYMOUS = N_("Anonymous")
"""The name an erased comment gets (translated: "Anonym")."""

DEFAULT_PAGE_SIZE = 500


def _admin(store: Store) -> AdminStore:
    if not isinstance(store, AdminStore):
        raise TypeError(f"{type(store).__name__} does not implement AdminStore (by_email, erase)")
    return store


def _email(email: object) -> str:
    if not isinstance(email, str):
        raise TypeError(f"email must be a str, not {type(email).__name__}")
    return clean_text(email).strip()  # as validate() cleaned the addresses that were stored


def _pages(store: AdminStore, email: str, page_size: int) -> Iterator[list[Comment]]:
    after_id = 0
    while True:
        page = list(store.by_email(email, limit=page_size, after_id=after_id))
        if not page:
            return
        yield page
        after_id = max(comment.id for comment in page)


def export_personal_data(
    store: Store, email: str, *, page_size: int = DEFAULT_PAGE_SIZE
) -> Iterator[dict[str, object]]:
    """Yield every field (``Comment.to_dict``) and the stored reasons of each comment with ``email``.

    Any case of the address matches; oldest id first.

    Raises:
        TypeError: ``email`` is not a str, or the store cannot look comments up by email.

    """
    email = _email(email)
    admin = _admin(store)
    if not email:
        return
    for page in _pages(admin, email, page_size):
        for comment in page:
            # The checks' reasons can hold the commenter's own data (a word-list hit on the
            # email or IP), so an export that claims to be complete carries them too.
            reasons = [reason.to_dict() for reason in admin.reasons(comment.id)]
            yield {**comment.to_dict(), "reasons": reasons}


def erase_personal_data(
    store: Store, email: str, *, anonymous: str = "Anonymous", page_size: int = DEFAULT_PAGE_SIZE
) -> int:
    """Erase the personal data of every comment with ``email``, a page at a time; return how many.

    Raises:
        TypeError: ``email`` is not a str, or the store cannot erase.

    """
    email = _email(email)
    admin = _admin(store)
    if not email:
        return 0
    erased = 0
    for page in _pages(admin, email, page_size):
        erased += admin.erase([comment.id for comment in page], author=anonymous)
    return erased
