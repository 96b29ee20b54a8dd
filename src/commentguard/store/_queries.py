"""The statements SQLStore sends, built once with named parameters.

Building a SQLAlchemy statement costs more than SQLite takes to run it, so the hot ones are
made here at import and reused; SQLAlchemy caches each one's compiled form. Booleans say
which values are present, so an empty IP or email never matches (and never needs
comparing a parameter with a literal, which PostgreSQL cannot type).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Row,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    text,
    union,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult

from commentguard.model import Comment, NewComment, Status
from commentguard.sanitizer import trust_stored_html
from commentguard.store._common import content_key, email_key, own_id
from commentguard.store._schema import UTCDateTime, comments, transitions, used_tokens

C = comments.c
T = transitions.c
_APPROVED, _SPAM, _TRASH = Status.APPROVED.value, Status.SPAM.value, Status.TRASH.value
_EARLIEST = datetime(1, 1, 1, tzinfo=timezone.utc)


def _flag(name: str) -> ColumnElement[bool]:
    return bindparam(name, type_=Boolean())


GET = select(comments).where(C.id == bindparam("id"))
REASONS = select(C.reasons).where(C.id == bindparam("id"))
GET_LOCKED = GET.with_for_update()  # FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already locks
PARENT_DEPTH = select(C.depth).where(C.id == bindparam("id"))
INSERT = insert(comments)
SET_STATUS = (
    update(comments)
    .where(C.id == bindparam("comment_id"), C.version == bindparam("expected"))
    .values(
        status=bindparam("new_status"),
        version=C.version + 1,
        # A change to the status it already has (a confirmation) keeps the time it got it.
        status_at=case(
            (C.status == bindparam("new_status"), C.status_at), else_=bindparam("at", type_=UTCDateTime())
        ),
    )
)
DELETE = delete(comments).where(C.id == bindparam("comment_id"), C.version == bindparam("expected"))
AUDIT = insert(transitions)
TRAIL = select(transitions).where(T.comment_id == bindparam("id")).order_by(T.id)
PARENT = select(C.id, C.post_id, C.status, C.depth).where(C.id == bindparam("parent_id"))

_not_self = C.id != bindparam("self_id", type_=Integer())
_same_ip = and_(_flag("has_ip"), C.ip == bindparam("ip"))
_same_email = and_(_flag("has_email"), C.email_key == bindparam("email_key"))
_same_url = and_(_flag("has_url"), C.author_url == bindparam("author_url"))
_since = C.created_at >= bindparam("since", type_=UTCDateTime())

_trusted = or_(
    exists().where(
        _flag("has_pair"),
        C.email_key == bindparam("email_key"),
        C.status == _APPROVED,
        C.author == bindparam("author"),
        _not_self,
    ),
    exists().where(_flag("has_user"), C.user_id == bindparam("user_id"), C.status == _APPROVED, _not_self),
)
_duplicate = (
    select(func.min(C.id))
    .where(
        C.post_id == bindparam("post_id"),
        C.content_key == bindparam("content_key"),
        C.content_raw == bindparam("content_raw"),
        C.status != _TRASH,
        or_(and_(_flag("has_author"), C.author == bindparam("author")), _same_email),
        _not_self,
    )
    .scalar_subquery()
)
# One indexed branch per way of being the same sender; UNION counts a comment once.
_spam_ids = union(
    *(select(C.id).where(C.status == _SPAM, same, _not_self) for same in (_same_ip, _same_email, _same_url))
).subquery()
HISTORY = select(
    _trusted.label("trusted"),
    select(func.max(C.created_at)).where(_same_ip, _since, _not_self).scalar_subquery().label("last_by_ip"),
    select(func.max(C.created_at))
    .where(_same_email, _since, _not_self)
    .scalar_subquery()
    .label("last_by_email"),
    _duplicate.label("duplicate_id"),
    select(func.count()).select_from(_spam_ids).scalar_subquery().label("spam_count"),
)


def history_params(comment: NewComment, since: datetime | None) -> dict[str, Any]:
    """The parameters of :data:`HISTORY` for ``comment``."""
    key = email_key(comment.email)
    return {
        "self_id": own_id(comment),
        "has_ip": bool(comment.ip),
        "ip": comment.ip,
        "has_email": bool(key),
        "email_key": key,
        "has_url": bool(comment.author_url),
        "author_url": comment.author_url,
        "has_author": bool(comment.author),
        "author": comment.author,
        "has_pair": bool(comment.author and key),
        "has_user": bool(comment.user_id),
        "user_id": comment.user_id or "",
        "since": since or _EARLIEST,
        "post_id": comment.post_id,
        "content_key": content_key(comment.content_raw),
        "content_raw": comment.content_raw,
    }


FORGET_TOKENS = delete(used_tokens).where(used_tokens.c.expires_at < bindparam("now", type_=UTCDateTime()))


@cache
def use_token(dialect: str) -> Any:
    """Record a form token's key, or renew an expired record (see :func:`token_was_free`)."""
    insert_: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_(used_tokens)
    upsert = statement.on_conflict_do_update(
        index_elements=[used_tokens.c.key],
        set_={"expires_at": statement.excluded.expires_at},
        where=used_tokens.c.expires_at < bindparam("now", type_=UTCDateTime()),
    )
    # psycopg reports no row count for this statement on a prefixed store (-1): ask for the row.
    # SQLite's RETURNING needs 3.35, so there the row count says it.
    return upsert.returning(used_tokens.c.key) if dialect == "postgresql" else upsert


def token_was_free(result: CursorResult[Any], dialect: str) -> bool:
    """Whether :func:`use_token` recorded the key (new, or renewed after it expired)."""
    return result.first() is not None if dialect == "postgresql" else result.rowcount == 1


ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


def history_lock_keys(comment: NewComment) -> list[int]:
    """PostgreSQL advisory lock keys for what ``comment``'s flood and duplicate checks read.

    One per post (duplicates are per post) and one per IP and per email (floods are per
    sender), as signed 64-bit ints, sorted: every transaction takes them in the same order.
    """
    parts = [("post", comment.post_id), ("ip", comment.ip), ("email", email_key(comment.email))]
    keys = set()
    for kind, value in parts:
        if value:
            digest = hashlib.sha256(f"commentguard {kind}\x00{value}".encode()).digest()
            keys.add(int.from_bytes(digest[:8], "big", signed=True))
    return sorted(keys)


def row_values(comment: NewComment, depth: int, reasons: str) -> dict[str, Any]:
    """The column values of a new row for ``comment`` (already made storable) and its reasons' JSON."""
    return {
        "post_id": comment.post_id,
        "parent_id": comment.parent_id,
        "depth": depth,
        "author": comment.author,
        "email": comment.email,
        "email_key": email_key(comment.email),
        "author_url": comment.author_url,
        "ip": comment.ip,
        "ip_anonymized": False,
        "user_agent": comment.user_agent,
        "user_id": comment.user_id,
        "content_raw": comment.content_raw,
        "content_key": content_key(comment.content_raw),
        "content": str(comment.content),
        "policy_version": comment.policy_version,
        "created_at": comment.created_at,
        "status": Status(comment.status).value,
        "status_at": comment.created_at,
        "version": 1,
        "reasons": reasons,
    }


def comment_from(row: Row[Any]) -> Comment:
    """The comment a row holds (its content was sanitized before it was stored: trusted again)."""
    return Comment(
        id=row.id,
        post_id=row.post_id,
        parent_id=row.parent_id,
        author=row.author,
        email=row.email,
        author_url=row.author_url,
        ip=row.ip,
        user_agent=row.user_agent,
        user_id=row.user_id,
        content_raw=row.content_raw,
        content=trust_stored_html(row.content),
        policy_version=row.policy_version,
        created_at=row.created_at,
        status=Status(row.status),
        version=row.version,
    )


def audit_row(
    comment_id: int, from_status: Status, to: Status | None, actor: str, at: datetime, note: str | None
) -> dict[str, Any]:
    """The values of one audit row."""
    return {
        "comment_id": comment_id,
        "from_status": from_status.value,
        "to_status": to.value if to is not None else None,
        "actor": actor,
        "at": at,
        "note": note,
    }
