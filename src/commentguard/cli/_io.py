"""Reading the command's input and writing its output: one-line errors, never a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError
from pydantic_core import ErrorDetails

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
_MAX_INT_DIGITS = 4300  # Python's default int_max_str_digits; no comment field needs more than 19
_JSON_TYPES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (type(None), "null"),
    (bool, "a boolean"),  # before int: a bool is an int to Python
    ((int, float), "a number"),
    (str, "a string"),
    (list, "an array"),
    (dict, "an object"),
)


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


def json_type(value: object) -> str:
    """What a JSON reader calls the value's type ("null", "an array"), never Python's "NoneType"."""
    for kinds, name in _JSON_TYPES:
        if isinstance(value, kinds):
            return name
    return type(value).__name__


def _json_int(digits: str) -> int:
    # The same limit on every interpreter (PYTHONINTMAXSTRDIGITS may lift Python's own), so a
    # 16 MiB number is refused at once instead of taking minutes to convert.
    if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
        raise ValueError(f"a number has more than {_MAX_INT_DIGITS} digits")
    return int(digits)


def _parse_json(text: str, name: str) -> object:
    try:
        return json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise CliError(f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise CliError(f"{name} is not valid JSON: nested too deeply") from exc
    except ValueError as exc:  # _json_int's refusal
        raise CliError(f"{name} is not valid JSON: {exc}") from exc


def _request_problem(error: ErrorDetails) -> str:
    """One problem of the ``request`` object, naming the field, in the words of JSON."""
    field = "request." + ".".join(str(part) for part in error["loc"])
    kind, found = error["type"], json_type(error.get("input"))
    if kind == "extra_forbidden":
        return f"{field} is not a request field (those are {', '.join(RequestInfo.model_fields)})"
    if kind.startswith("string"):
        return f"{field} must be a string, not {found}"
    if kind.startswith("bool"):
        return f"{field} must be true or false, not {found}"
    if kind == "value_error":
        return f"{field}: {error.get('ctx', {}).get('error', error['msg'])}"
    return f"{field}: {error['msg']}"


def read_comment_json(source: str) -> tuple[dict[str, Any], RequestInfo]:
    """Read one comment as a JSON object: form fields, plus an optional ``request`` object.

    ``"request": null`` is the same as no ``request``; any other value that is not an object
    (``false``, ``[]``, ``""``) is refused rather than read as "no request facts".
    """
    text, name = read_text(source)
    if not text.strip():
        raise CliError(f"{name} is empty; expected a JSON object with the comment's fields")
    document = _parse_json(text, name)
    if not isinstance(document, dict):
        raise CliError(f"{name} must hold a JSON object, not {json_type(document)}")
    facts = document.pop("request", None)
    if facts is None:
        facts = {}
    if not isinstance(facts, dict):
        raise CliError(f"{name}: 'request' must be an object with ip and user_agent, not {json_type(facts)}")
    try:
        request = RequestInfo(**{"ip": "", **facts})
    except ValidationError as exc:
        problems = "; ".join(_request_problem(error) for error in exc.errors()[:3])
        more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        raise CliError(f"{name}: {problems}{more}") from exc
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
