"""The one exception hierarchy of commentguard.

Every error the library raises on purpose derives from :class:`CommentGuardError`, and
third-party errors are mapped to it at the one module that talks to the third party,
with ``raise ... from exc`` so the original stays visible::

    CommentGuardError
     ├── ValidationFailed      a form submission broke one or more rules (all listed)
     ├── PolicyError           a sanitizer policy would be unsafe or contradictory
     ├── CheckError            a spam check is misconfigured
     ├── Rejected              a check refused the comment; nothing stored (guard.py)
     ├── CliError              the command line could not read its input (cli/)
     └── StoreError            the comment store failed or refused
          ├── NotFound         no comment with that id
          └── VersionConflict  someone changed the comment first

``Rejected`` and ``CliError`` are defined where they are raised, since they carry what only
those layers know (the checks' reasons; the command's input).

Each error carries the CLI exit status it maps to (as click's exceptions do), so the
command line and the library never disagree about what an error means.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass


class ExitStatus(enum.IntEnum):
    """The exit statuses of every ``commentguard`` command: one table (DESIGN.md).

    Kept beside the errors, so each error carries its status and the command line cannot
    disagree with the library.
    """

    OK = 0  # approved / valid / done
    INVALID = 1  # invalid comment (validation errors)
    USAGE = 2  # usage error
    PENDING = 3  # held for moderation
    SPAM = 4  # spam or trash
    REJECTED = 5  # rejected (flood, duplicate, closed)
    NOT_FOUND = 6  # not found, or version conflict
    UNREADABLE = 7  # unreadable input or database


class CommentGuardError(Exception):
    """Base class of every error commentguard raises on purpose."""

    exit_code: ExitStatus = ExitStatus.UNREADABLE


@dataclass(frozen=True, slots=True)
class FieldError:
    """One broken rule of a submission.

    Attributes:
        field: the form field at fault (``"email"``, ``"content"``, ...).
        code: a stable, machine-readable code (``"required"``, ``"too_long"``, ...).
        message: the human text in the locale that was asked for.

    """

    field: str
    code: str
    message: str


class ValidationFailed(CommentGuardError):
    """A submission broke one or more rules; ``errors`` lists every one of them."""

    exit_code = ExitStatus.INVALID

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))


class PolicyError(CommentGuardError, ValueError):
    """A policy would be unsafe or contradictory; raised when it is built, never later."""

    exit_code = ExitStatus.USAGE


class CheckError(CommentGuardError):
    """A spam check is misconfigured (raised at set-up, never while judging a comment)."""

    exit_code = ExitStatus.USAGE


class StoreError(CommentGuardError):
    """The comment store failed, refused an operation, or could not be opened."""

    exit_code = ExitStatus.UNREADABLE


class NotFound(StoreError):
    """No comment with the id that was asked for."""

    exit_code = ExitStatus.NOT_FOUND


class VersionConflict(StoreError):
    """The comment changed since the caller read it; re-read and decide again."""

    exit_code = ExitStatus.NOT_FOUND
