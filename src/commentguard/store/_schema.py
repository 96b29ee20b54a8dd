"""The tables as the newest migration leaves them, for the queries (SQLAlchemy Core).

``_migrations.py`` builds the database; this module only describes it. A test compares a
migrated database with these definitions, so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator

from commentguard.model import Status

STATUSES = tuple(status.value for status in Status)
STATUS_CHECK = "status IN ({})".format(", ".join(f"'{value}'" for value in STATUSES))


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC (``timestamptz`` on PostgreSQL), read back aware in UTC.

    SQLite keeps it as ``YYYY-MM-DD HH:MM:SS.ffffff`` text, which sorts as time does.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; convert aware ones to UTC (SQLite drops the offset)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("commentguard stores aware datetimes only")
        utc = value.astimezone(timezone.utc)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return an aware datetime in UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


# INTEGER PRIMARY KEY AUTOINCREMENT on SQLite (ids are never reused, even after a purge),
# BIGSERIAL-like identity elsewhere.
Id = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

comments = Table(
    "comments",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("post_id", Text, nullable=False),
    Column("parent_id", BigInteger, nullable=True),
    Column("depth", Integer, nullable=False),
    Column("author", Text, nullable=False),
    Column("email", Text, nullable=False),
    Column("email_key", Text, nullable=False),
    Column("author_url", Text, nullable=False),
    Column("ip", Text, nullable=False),
    Column("ip_anonymized", Boolean, nullable=False),
    Column("user_agent", Text, nullable=False),
    Column("user_id", Text, nullable=True),
    Column("content_raw", Text, nullable=False),
    Column("content_key", String(32), nullable=False),  # finds duplicates without reading content
    Column("content", Text, nullable=False),
    Column("policy_version", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list of Reason.to_dict(), see _reasons.py
    CheckConstraint(STATUS_CHECK, name="ck_comments_status"),
    sqlite_autoincrement=True,
)
_c = comments.c
Index("ix_comments_status_time", _c.status, _c.created_at, _c.id)  # the pending queue
Index("ix_comments_post_status_time", _c.post_id, _c.status, _c.created_at, _c.id)  # a post's page
Index("ix_comments_post_content", _c.post_id, _c.content_key)  # history: duplicate
Index("ix_comments_email_status_time", _c.email_key, _c.status, _c.created_at)  # history, personal data
Index("ix_comments_ip_time", _c.ip, _c.created_at)  # history: flood, spam
Index("ix_comments_user_status", _c.user_id, _c.status)  # history: trusted
Index("ix_comments_url_status", _c.author_url, _c.status)  # history: spam
Index("ix_comments_status_since", _c.status, _c.status_at)  # purge

transitions = Table(
    "transitions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    # No foreign key: the audit trail outlives the comment it describes.
    Column("comment_id", BigInteger, nullable=False),
    Column("from_status", String(16), nullable=False),
    Column("to_status", String(16), nullable=True),  # NULL: deleted
    Column("actor", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=True),
    sqlite_autoincrement=True,
)
Index("ix_transitions_comment", transitions.c.comment_id, transitions.c.id)

# The learning filter's statistics (see _learning.py): per hashed token, how many trained spam
# and ham comments held it; per comment, what it was trained as and with which tokens; the totals.
spam_tokens = Table(
    "spam_tokens",
    metadata,
    Column("token", Id, primary_key=True, autoincrement=False),
    Column("spam", Integer, nullable=False),
    Column("ham", Integer, nullable=False),
    Column("trained_at", BigInteger, nullable=False),  # seconds since 1970 (UTC): plain ints write fast
)
Index("ix_spam_tokens_trained", spam_tokens.c.trained_at)  # prune_tokens

spam_lessons = Table(
    "spam_lessons",
    metadata,
    # No foreign key: a deleted comment's lesson goes with it, what it taught stays.
    Column("comment_id", Id, primary_key=True, autoincrement=False),
    Column("label", String(8), nullable=False),
    Column("tokens", Text, nullable=False),  # the hashed tokens, space-separated
)

spam_totals = Table(
    "spam_totals",
    metadata,
    Column("label", String(8), primary_key=True),
    Column("comments", Integer, nullable=False),
)

# Form tokens that already carried a stored comment (see checks/token.py): one token, one
# comment. ``key`` is a digest of the token, never the token; a row goes when it expires.
used_tokens = Table(
    "used_tokens",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("expires_at", UTCDateTime, nullable=False),
    sqlite_with_rowid=False,  # one b-tree, keyed by the digest (purge scans a day's worth, unindexed)
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, nullable=False),
)

PREFIXABLE_NAMES = frozenset(
    [*metadata.tables]
    + [str(index.name) for table in metadata.tables.values() for index in table.indexes]
    + ["ck_comments_status"]
)
SCHEMA_NAMES = PREFIXABLE_NAMES | {
    column.name for table in metadata.tables.values() for column in table.columns
}
"""The names a database error may quote without quoting a commenter's data (see ``_engine``)."""
