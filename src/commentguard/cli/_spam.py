"""``spam evaluate``: what the learning filter would have done on the site's own moderated history.

The comments are read from the database (read only) oldest first and replayed a month at a
time: each month's comments are scored by a :class:`~commentguard.LearningFilter` that has
learned from every earlier month's moderator decisions (and the shipped seed, unless
``--no-seed``), then the month's decisions are taught to it. A comment's final status is the
moderators' verdict: approved is ham, spam is spam; pending and trashed comments are scored
but judge nothing. The filter learns in memory (a :class:`~commentguard.MemoryStore` trained
through :class:`~commentguard.Moderation`, the site's own training rules); the database is
never written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TextIO

from commentguard import (
    CheckContext,
    Comment,
    CommentGuard,
    Draft,
    ExitStatus,
    LearningFilter,
    MemoryStore,
    NewComment,
    NotFound,
    RequestInfo,
    SQLStore,
    Status,
    Store,
    Submission,
    translate,
)
from commentguard.cli._database import open_store
from commentguard.cli._io import CliError, write, write_json
from commentguard.cli._messages import COMMENTS

_PAGE = 500
_ACTOR = "spam-evaluate"
DEFAULT_THRESHOLD = LearningFilter(seed=False).threshold  # the default, without loading the seed


def threshold(value: str) -> float:
    """An argparse type: a spam threshold in (0.5, 1]."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.5 < number <= 1:
        raise argparse.ArgumentTypeError(f"the threshold must be above 0.5 and at most 1, not {value}")
    return number


@dataclass
class Tally:
    """One month (or the whole history) at one threshold: what was filed, and whether rightly."""

    filed: int = 0
    filed_spam: int = 0
    false_positives: int = 0

    def as_dict(self, spam: int) -> dict[str, object]:
        """JSON-ready, with the share of the moderators' spam the filter would have filed."""
        return {
            "filed": self.filed,
            "filed_spam": self.filed_spam,
            "false_positives": self.false_positives,
            "spam_filed_share": round(self.filed_spam / spam, 4) if spam else None,
        }


@dataclass
class Month:
    """The comments of one calendar month (UTC) and what the filter would have done with them."""

    month: str
    comments: int = 0
    spam: int = 0
    ham: int = 0
    unjudged: int = 0
    trained_spam: int = 0
    trained_ham: int = 0
    tallies: dict[float, Tally] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "month": self.month,
            "comments": self.comments,
            "spam": self.spam,
            "ham": self.ham,
            "unjudged": self.unjudged,
            "trained_before": {"spam": self.trained_spam, "ham": self.trained_ham},
            "thresholds": {str(t): tally.as_dict(self.spam) for t, tally in self.tallies.items()},
        }


def _comments(count: int) -> str:
    """A count of comments in the right number, in English, as the report and its table are."""
    return translate(COMMENTS, "en", count=count)


def _open(args: argparse.Namespace) -> SQLStore:
    """The store ``--db`` names (a SQLite file, or a database URL), read as it is: never migrated."""
    if "://" in args.db:  # postgresql://...
        return open_store(args.db, args, migrate=False)
    path = Path(args.db)
    if not path.is_file():
        raise CliError(f"no comment database at {path}")
    return open_store(f"sqlite:///{path}", args, migrate=False)


def _history(store: Store) -> list[Comment]:
    comments: list[Comment] = []
    cursor = None
    while True:
        page = store.list(limit=_PAGE, cursor=cursor)
        comments.extend(page.comments)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    comments.sort(key=lambda c: (c.created_at, c.id))
    return comments


def _label(comment: Comment) -> bool | None:
    if comment.status is Status.SPAM:
        return True
    if comment.status is Status.APPROVED:
        return False
    return None


def _by_month(comments: Sequence[Comment]) -> Iterator[tuple[str, list[Comment]]]:
    current: list[Comment] = []
    key = ""
    for comment in comments:
        month = comment.created_at.strftime("%Y-%m")
        if month != key and current:
            yield key, current
            current = []
        key = month
        current.append(comment)
    if current:
        yield key, current


_NEW_FIELDS = tuple(f.name for f in fields(NewComment))


def _submission(comment: Comment) -> Submission:
    """The submission ``comment`` came from, as stored (not validated again: rules may have changed)."""
    request = RequestInfo.model_construct(
        ip=comment.ip, user_agent=comment.user_agent, user_id=comment.user_id
    )
    return Submission.model_construct(
        post_id=comment.post_id,
        author=comment.author,
        email=comment.email,
        url=comment.author_url,
        content=comment.content_raw,
        parent_id=comment.parent_id,
        request=request,
    )


class Replay:
    """A filter that learns in memory from the decisions taught to it, month by month."""

    def __init__(self, thresholds: Sequence[float], *, seed: bool) -> None:
        self.clock_now = datetime.now().astimezone()
        self.memory = MemoryStore(clock=self._clock)
        self.filters = {t: LearningFilter(threshold=t, seed=seed) for t in thresholds}
        self.guard = CommentGuard(store=self.memory, checks=[], clock=self._clock)

    def _clock(self) -> datetime:
        return self.clock_now

    def filed(self, comment: Comment) -> dict[float, bool]:
        """Whether each threshold's filter would file ``comment`` as spam, as the filter now stands."""
        self.clock_now = comment.created_at
        draft = Draft(_submission(comment), comment)
        context = CheckContext(
            now=comment.created_at,
            history=lambda: self.memory.history(comment),
            token_stats=lambda: self.memory,
        )
        return {t: check.check(draft, context) is not None for t, check in self.filters.items()}

    def teach(self, comment: Comment, spam: bool) -> None:
        """Train ``comment`` as the moderators judged it, as approving or marking spam trains it."""
        self.clock_now = comment.created_at
        values = {name: getattr(comment, name) for name in _NEW_FIELDS}
        copy = self.memory.add(NewComment(**{**values, "status": Status.PENDING}))
        move = self.guard.moderation.mark_spam if spam else self.guard.moderation.approve
        move(copy.id, expected_version=copy.version, actor=_ACTOR)

    def trained(self) -> tuple[int, int]:
        """(spam, ham) comments learned so far."""
        return self.memory.trained_totals()


class _Progress:
    """A progress bar on standard error when it is a terminal (``rich`` if installed), else nothing."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.live = stream.isatty()
        self._bar: object = None
        self._advance: Callable[[int], None] | None = None
        if not self.live:
            return
        try:
            from rich.console import Console
            from rich.progress import Progress
        except ImportError:  # rich is optional: a plain line instead
            return
        progress = Progress(console=Console(file=stream), transient=True)
        task = progress.add_task("evaluating", total=total)
        progress.start()
        self._bar = progress
        self._advance = lambda n: progress.advance(task, n)

    def advance(self, n: int, label: str) -> None:
        """Count ``n`` more comments done; ``label`` names the month."""
        self.done += n
        if not self.live:
            return
        if self._advance is not None:
            self._advance(n)
        else:
            self.stream.write(f"\r{label}: {self.done}/{self.total} comments")
            self.stream.flush()

    def close(self) -> None:
        """Take the bar off the terminal."""
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]
        elif self.live:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def evaluate(
    comments: Sequence[Comment], thresholds: Sequence[float], *, seed: bool, progress: _Progress | None = None
) -> list[Month]:
    """Replay ``comments`` (oldest first) month by month; what each threshold would have filed."""
    replay = Replay(thresholds, seed=seed)
    months: list[Month] = []
    for key, batch in _by_month(comments):
        spam_trained, ham_trained = replay.trained()
        month = Month(key, trained_spam=spam_trained, trained_ham=ham_trained)
        month.tallies = {t: Tally() for t in thresholds}
        for comment in batch:
            label = _label(comment)
            month.comments += 1
            month.spam += label is True
            month.ham += label is False
            month.unjudged += label is None
            for t, filed in replay.filed(comment).items():
                tally = month.tallies[t]
                tally.filed += filed
                tally.filed_spam += filed and label is True
                tally.false_positives += filed and label is False
        for comment in batch:  # the month's decisions teach the next months
            label = _label(comment)
            if label is not None:
                replay.teach(comment, label)
        months.append(month)
        if progress is not None:
            progress.advance(len(batch), key)
    return months


def _total(months: Sequence[Month], thresholds: Sequence[float]) -> Month:
    total = Month("total", tallies={t: Tally() for t in thresholds})
    for month in months:
        total.comments += month.comments
        total.spam += month.spam
        total.ham += month.ham
        total.unjudged += month.unjudged
        for t, tally in month.tallies.items():
            total.tallies[t].filed += tally.filed
            total.tallies[t].filed_spam += tally.filed_spam
            total.tallies[t].false_positives += tally.false_positives
    return total


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def command_evaluate(args: argparse.Namespace, out: TextIO) -> int:
    """Replay the database's moderated history through the learning filter, month by month."""
    with _open(args) as store:
        comments = _history(store)
    if not any(_label(c) is not None for c in comments):
        raise NotFound(
            f"no moderated comments in {args.db} ({_comments(len(comments))}, none approved or spam): "
            "nothing to evaluate"
        )
    thresholds = [DEFAULT_THRESHOLD]
    if args.threshold is not None and args.threshold != DEFAULT_THRESHOLD:
        thresholds.append(args.threshold)
    progress = _Progress(len(comments), sys.stderr)
    try:
        months = evaluate(comments, thresholds, seed=not args.no_seed, progress=progress)
    finally:
        progress.close()
    total = _total(months, thresholds)
    if args.json:
        write_json(
            out,
            {
                "thresholds": thresholds,
                "seed": not args.no_seed,
                "months": [m.as_dict() for m in months],
                "total": total.as_dict(),
            },
        )
        return ExitStatus.OK
    write(
        out,
        f"{_comments(len(comments))}, {total.spam} spam and {total.ham} approved by moderators; each month "
        f"scored by a filter trained on the months before{'' if not args.no_seed else ' (no seed)'}",
    )
    head = f"{'month':<8} {'comments':>8} {'spam':>6} {'ham':>6} {'other':>6}"
    for t in thresholds:
        head += f" | {'filed@' + str(t):>11} {'spam':>6} {'caught':>7} {'false+':>7}"
    write(out, head)
    for month in [*months, total]:
        row = f"{month.month:<8} {month.comments:>8} {month.spam:>6} {month.ham:>6} {month.unjudged:>6}"
        for t in thresholds:
            tally = month.tallies[t]
            caught = _percent(tally.filed_spam, month.spam)
            row += f" | {tally.filed:>11} {tally.filed_spam:>6} {caught:>7} {tally.false_positives:>7}"
        write(out, row)
    write(
        out,
        "spam/ham: the moderators' final verdict (spam / approved); other: pending or trash; "
        "filed: what the filter would have filed as spam; false+: approved comments among them",
    )
    return ExitStatus.OK


def add_evaluate_options(evaluate: argparse.ArgumentParser) -> None:
    """Add ``spam evaluate``'s own options (the global ones, --db among them, come with the parser)."""
    evaluate.add_argument(
        "--threshold",
        type=threshold,
        help=f"also show this threshold beside the default {DEFAULT_THRESHOLD} (above 0.5, at most 1)",
    )
    evaluate.add_argument("--no-seed", action="store_true", help="start from nothing, not the shipped seed")
