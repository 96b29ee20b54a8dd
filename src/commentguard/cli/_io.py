"""Reading the command's input and writing its output: one-line errors, never a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from commentguard import CommentGuardError, Reason, RequestInfo

EXIT_STATUS_TABLE = """\
exit status:
  0  approved / valid / done
  1  invalid comment (validation errors)
  2  usage error
  3  held for moderation (pending)
  4  spam or trash
  5  rejected (flood, duplicate, closed)
  6  not found, or version conflict
  7  unreadable input or database"""

_MAX_INPUT_BYTES = 16 * 1024 * 1024  # far above any comment; refuse to read a disk image


class CliError(CommentGuardError):
    """Input the command could not read (exit status 7), reported as one line on stderr."""


def _read_bytes(source: str) -> tuple[bytes, str]:
    if source == "-":
        return sys.stdin.buffer.read(_MAX_INPUT_BYTES + 1), "standard input"
    try:
        with Path(source).open("rb") as handle:
            return handle.read(_MAX_INPUT_BYTES + 1), source
    except OSError as exc:
        raise CliError(f"cannot read {source}: {exc.strerror or exc}") from exc


def read_text(source: str) -> tuple[str, str]:
    """Read ``source`` (a path, or ``-`` for stdin) as UTF-8; return the text and its name."""
    data, name = _read_bytes(source)
    if len(data) > _MAX_INPUT_BYTES:
        raise CliError(f"{name} is larger than {_MAX_INPUT_BYTES // 2**20} MiB")
    try:
        return data.decode("utf-8"), name
    except UnicodeDecodeError as exc:
        raise CliError(f"{name} is not valid UTF-8 (byte {exc.start})") from exc


def read_comment_json(source: str) -> tuple[dict[str, Any], RequestInfo]:
    """Read one comment as a JSON object: form fields, plus an optional ``request`` object."""
    text, name = read_text(source)
    if not text.strip():
        raise CliError(f"{name} is empty; expected a JSON object with the comment's fields")
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise CliError(f"{name} is not valid JSON{where}") from exc
    if not isinstance(document, dict):
        raise CliError(f"{name} must hold a JSON object, not a {type(document).__name__}")
    facts = document.pop("request", None) or {}
    if not isinstance(facts, dict):
        raise CliError(f"{name}: 'request' must be an object with ip and user_agent")
    try:
        request = RequestInfo(**{"ip": "", **facts})
    except (ValueError, TypeError) as exc:
        first = str(exc).splitlines()[0]
        raise CliError(f"{name}: 'request' is not valid: {first}") from exc
    return document, request


def write(out: TextIO, text: str) -> None:
    """Write one line; characters the terminal cannot encode are escaped, never an error."""
    encoding = out.encoding or "utf-8"
    out.write(text.encode(encoding, "backslashreplace").decode(encoding) + "\n")


def write_json(out: TextIO, document: object) -> None:
    """Write one JSON document on one line."""
    write(out, json.dumps(document, ensure_ascii=False, default=str))


def reasons_json(reasons: tuple[Reason, ...], language: str) -> list[dict[str, object]]:
    """Reasons as JSON-ready dicts: their data (code, params, check) and the rendered message."""
    return [{**reason.to_dict(), "message": reason.message(language)} for reason in reasons]
