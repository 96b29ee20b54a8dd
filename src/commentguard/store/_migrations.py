"""Numbered schema migrations, safe when many processes open a fresh database at once.

Each migration runs in its own write transaction (``BEGIN IMMEDIATE`` on SQLite, a
transaction-scoped advisory lock on PostgreSQL) and re-reads the schema version first, so
of twelve processes racing to open a new file exactly one applies each step and the rest
see it done. A migration never changes: a new schema is a new numbered function, and the
tables it creates are written out here as they were at that step (``_schema.py`` holds
only the newest shape, which a test compares with a migrated database). Every name a
migration creates starts with the store's table prefix (empty by default; see ``_prefix``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    inspect,
    select,
    text,
)

from commentguard.store._prefix import prefixed_tables
from commentguard.store._schema import STATUS_CHECK, Id, UTCDateTime, schema_version


def _v1_first_schema(conn: Connection, prefix: str) -> None:
    """Comments (with the reasons they were decided with), their audit trail, the queue's indexes."""
    metadata = MetaData()
    comments = Table(
        prefix + "comments",
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
        Column("content_key", String(32), nullable=False),
        Column("content", Text, nullable=False),
        Column("policy_version", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("status", String(16), nullable=False),
        Column("status_at", UTCDateTime, nullable=False),
        Column("version", Integer, nullable=False),
        Column("reasons", Text, nullable=False),
        CheckConstraint(STATUS_CHECK, name=prefix + "ck_comments_status"),
        sqlite_autoincrement=True,
    )
    c = comments.c
    Index(prefix + "ix_comments_status_time", c.status, c.created_at, c.id)
    Index(prefix + "ix_comments_post_status_time", c.post_id, c.status, c.created_at, c.id)
    Index(prefix + "ix_comments_post_content", c.post_id, c.content_key)
    Index(prefix + "ix_comments_email_status_time", c.email_key, c.status, c.created_at)
    Index(prefix + "ix_comments_ip_time", c.ip, c.created_at)
    Index(prefix + "ix_comments_user_status", c.user_id, c.status)
    Index(prefix + "ix_comments_url_status", c.author_url, c.status)
    Index(prefix + "ix_comments_status_since", c.status, c.status_at)
    transitions = Table(
        prefix + "transitions",
        metadata,
        Column("id", Id, primary_key=True, autoincrement=True),
        Column("comment_id", BigInteger, nullable=False),
        Column("from_status", String(16), nullable=False),
        Column("to_status", String(16), nullable=True),
        Column("actor", Text, nullable=False),
        Column("at", UTCDateTime, nullable=False),
        Column("note", Text, nullable=True),
        sqlite_autoincrement=True,
    )
    Index(prefix + "ix_transitions_comment", transitions.c.comment_id, transitions.c.id)
    metadata.create_all(conn)


def _v2_learning_filter(conn: Connection, prefix: str) -> None:
    """The learning filter's token counts, each comment's lesson, and the trained totals."""
    metadata = MetaData()
    tokens = Table(
        prefix + "spam_tokens",
        metadata,
        Column("token", Id, primary_key=True, autoincrement=False),
        Column("spam", Integer, nullable=False),
        Column("ham", Integer, nullable=False),
        Column("trained_at", BigInteger, nullable=False),
    )
    Index(prefix + "ix_spam_tokens_trained", tokens.c.trained_at)
    Table(
        prefix + "spam_lessons",
        metadata,
        Column("comment_id", Id, primary_key=True, autoincrement=False),
        Column("label", String(8), nullable=False),
        Column("tokens", Text, nullable=False),
    )
    totals = Table(
        prefix + "spam_totals",
        metadata,
        Column("label", String(8), primary_key=True),
        Column("comments", Integer, nullable=False),
    )
    metadata.create_all(conn)
    conn.execute(insert(totals), [{"label": "spam", "comments": 0}, {"label": "ham", "comments": 0}])


def _v3_used_tokens(conn: Connection, prefix: str) -> None:
    """The form tokens that already carried a stored comment, until they expire."""
    metadata = MetaData()
    Table(
        prefix + "used_tokens",
        metadata,
        Column("key", String(32), primary_key=True),
        Column("expires_at", UTCDateTime, nullable=False),
        sqlite_with_rowid=False,  # one b-tree, keyed by the digest: the cheapest write per comment
    )
    metadata.create_all(conn)


MIGRATIONS: tuple[Callable[[Connection, str], None], ...] = (
    _v1_first_schema,
    _v2_learning_filter,
    _v3_used_tokens,
)
"""Migration ``n`` (1-based) takes a database from schema version ``n - 1`` to ``n``."""

LATEST = len(MIGRATIONS)


def read_version(conn: Connection, prefix: str = "") -> int:
    """The schema version of the database (0 when commentguard never touched it)."""
    if not inspect(conn).has_table(prefix + "schema_version"):
        return 0
    return max(conn.execute(select(schema_version.c.version)).scalars(), default=0)


def lock_for_migration(conn: Connection) -> None:
    """Serialize migrations across processes (SQLite: the ``BEGIN IMMEDIATE`` already did)."""
    if conn.dialect.name == "postgresql":
        # Any constant works; this one is "cgmigr" in ASCII (0x63676d696772), findable in pg_locks.
        conn.execute(text("SELECT pg_advisory_xact_lock(109270532761458)"))


def apply(conn: Connection, number: int, prefix: str = "") -> bool:
    """Apply migration ``number`` inside the caller's write transaction, unless already done.

    Returns whether it was applied. Raises ``RuntimeError`` for a database newer than us.
    """
    lock_for_migration(conn)
    current = read_version(conn, prefix)
    if current > LATEST:
        raise RuntimeError(f"schema version {current} is newer than this commentguard's ({LATEST})")
    if current >= number:
        return False
    prefixed_tables(prefix)[schema_version].create(conn, checkfirst=True)
    MIGRATIONS[number - 1](conn, prefix)
    conn.execute(delete(schema_version))
    conn.execute(insert(schema_version).values(version=number))
    return True
