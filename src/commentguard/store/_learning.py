"""SQLStore's learning-filter statistics: token counts, lessons and totals, in the store's own tables.

Every change is applied inside the caller's transaction (the one that changes the comment's
status), tokens in ascending order and totals after them, so two moderators training at once
on PostgreSQL take their row locks in one order and never deadlock. Upserts add deltas in the
database (``spam = spam + :delta``), so concurrent trainings never lose a count. The
statements are built once (building one costs more than SQLite takes to run it), and a
token's training time is kept as whole seconds, so a row is four plain integers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Integer,
    and_,
    bindparam,
    delete,
    exists,
    func,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from commentguard.model import Label, Lesson
from commentguard.store._lessons import already_trained, deltas, total_deltas
from commentguard.store._schema import comments, spam_lessons, spam_tokens, spam_totals

_T = spam_tokens.c
_L = spam_lessons.c
_CHUNK = 500  # ids per IN (...) list: far below every database's limit on parameters
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

_COUNTS = select(_T.token, _T.spam, _T.ham).where(_T.token.in_(bindparam("tokens", expanding=True)))
_TOTALS = select(spam_totals.c.label, spam_totals.c.comments)
_LESSON = select(_L.label, _L.tokens).where(_L.comment_id == bindparam("comment_id"))
_NEW_LESSON = spam_lessons.insert()
_SET_LESSON = (
    update(spam_lessons)
    .where(_L.comment_id == bindparam("b_comment_id"))
    .values(label=bindparam("label"), tokens=bindparam("tokens"))
)
_FORGET = delete(spam_lessons).where(_L.comment_id.in_(bindparam("ids", expanding=True)))
_EMPTIED = delete(spam_tokens).where(
    _T.token.in_(bindparam("tokens", expanding=True)), _T.spam <= 0, _T.ham <= 0
)
_PRUNE = delete(spam_tokens).where(
    _T.trained_at < bindparam("before"), _T.spam + _T.ham <= bindparam("at_most")
)


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds from 1970-01-01 UTC to ``moment`` (aware), rounded down."""
    return (moment - _EPOCH) // timedelta(seconds=1)


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


@cache
def _statements(dialect: str) -> tuple[Any, Any]:
    """The token upsert and the totals update for ``dialect`` (counts never go below zero)."""
    insert_: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    at_least_zero = func.greatest if dialect == "postgresql" else func.max
    upsert = insert_(spam_tokens).on_conflict_do_update(
        index_elements=[_T.token],
        set_={  # an existing token moves by the delta; a new one starts at the delta's positive part
            "spam": at_least_zero(_T.spam + bindparam("d_spam", type_=Integer()), 0),
            "ham": at_least_zero(_T.ham + bindparam("d_ham", type_=Integer()), 0),
            "trained_at": bindparam("d_at", type_=BigInteger()),
        },
    )
    totals = (
        update(spam_totals)
        .where(spam_totals.c.label == bindparam("b_label"))
        .values(comments=at_least_zero(spam_totals.c.comments + bindparam("delta", type_=Integer()), 0))
    )
    return upsert, totals


def read_lesson(conn: Connection, comment_id: int) -> Lesson | None:
    """The comment's lesson as trained, or ``None``."""
    row = conn.execute(_LESSON, {"comment_id": comment_id}).first()
    if row is None:
        return None
    return Lesson(Label(row.label), tuple(int(token) for token in row.tokens.split()))


def apply_lesson(conn: Connection, comment_id: int, lesson: Lesson, at: datetime) -> None:
    """Train ``comment_id`` as ``lesson`` says, inside the caller's transaction (see module docs)."""
    before = read_lesson(conn, comment_id)
    if already_trained(before, lesson):
        return
    upsert, totals = _statements(conn.dialect.name)
    change = deltas(before, lesson)
    if change:
        second = epoch_seconds(at)
        rows = [
            {"token": token, "spam": max(spam, 0), "ham": max(ham, 0), "trained_at": second,
             "d_spam": spam, "d_ham": ham, "d_at": second}
            for token, (spam, ham) in change.items()  # ascending: deltas() sorts them
        ]  # fmt: skip
        conn.execute(upsert, rows)
        if any(spam < 0 or ham < 0 for spam, ham in change.values()):
            for part in _chunks(list(change)):
                conn.execute(_EMPTIED, {"tokens": list(part)})
    spam, ham = total_deltas(before, lesson)
    for label, delta in ((Label.HAM, ham), (Label.SPAM, spam)):
        if delta:
            conn.execute(totals, {"b_label": label.value, "delta": delta})
    values = {"label": lesson.label.value, "tokens": " ".join(map(str, lesson.tokens))}
    if before is None:
        conn.execute(_NEW_LESSON, {"comment_id": comment_id, **values})
    else:
        conn.execute(_SET_LESSON, {"b_comment_id": comment_id, **values})


def token_counts(conn: Connection, tokens: Sequence[int]) -> Mapping[int, tuple[int, int]]:
    """``token -> (spam, ham)`` for those of ``tokens`` that were trained."""
    wanted = sorted(set(tokens))
    found: dict[int, tuple[int, int]] = {}
    for part in _chunks(wanted):
        for token, spam, ham in conn.execute(_COUNTS, {"tokens": list(part)}):
            found[token] = (spam, ham)
    return found


def trained_totals(conn: Connection) -> tuple[int, int]:
    """How many comments are trained as (spam, ham)."""
    totals = {str(row.label): int(row.comments) for row in conn.execute(_TOTALS)}
    return (int(totals.get(Label.SPAM.value, 0)), int(totals.get(Label.HAM.value, 0)))


def untrained(status: str, before: datetime) -> ColumnElement[bool]:
    """The condition on ``comments`` for those with ``status``, made before ``before``, never trained."""
    return and_(
        comments.c.status == status,
        comments.c.created_at < before,
        ~exists().where(_L.comment_id == comments.c.id),
    )


def forget_lessons(conn: Connection, comment_ids: Sequence[int]) -> None:
    """Drop deleted comments' lessons; the counts they added stay (the site learned them)."""
    for part in _chunks(list(comment_ids)):
        conn.execute(_FORGET, {"ids": list(part)})


def prune_tokens(conn: Connection, older_than: datetime, at_most: int) -> int:
    """Forget tokens held by at most ``at_most`` trained comments and untrained since ``older_than``."""
    return int(conn.execute(_PRUNE, {"before": epoch_seconds(older_than), "at_most": at_most}).rowcount)
