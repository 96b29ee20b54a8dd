"""Validate a comment form post: every broken rule at once, in the reader's language.

>>> from commentguard import RequestInfo, ValidationFailed, validate
>>> request = RequestInfo(ip="203.0.113.7")
>>> form = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "url": "",
...         "content": "Tack!"}
>>> validate(form, request).author
'Anna'
>>> try:
...     validate({**form, "email": "", "content": " "}, request, locale="sv")
... except ValidationFailed as failed:
...     [error.message for error in failed.errors]
['Fyll i de obligatoriska fälten.', 'Skriv din kommentartext.']

Content stays raw HTML here (cleaned of controls and NFC-normalized); the sanitizer works
on it later, and the raw text is kept so a later policy can re-clean it.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from commentguard._author_url import normal_author_url
from commentguard._mask import mask_agent, mask_email, mask_ip, mask_text
from commentguard._text import scrub_codepoints
from commentguard.errors import FieldError, ValidationFailed
from commentguard.messages import N_, normalize_locale, translate

REQUIRED = N_("Please fill the required fields.")
INVALID_EMAIL = N_("Please enter a valid email address.")
CONTENT_REQUIRED = N_("Please type your comment text.")
AUTHOR_TOO_LONG = N_("Your name is too long.")
EMAIL_TOO_LONG = N_("Your email address is too long.")
URL_TOO_LONG = N_("Your URL is too long.")
CONTENT_TOO_LONG = N_("Your comment is too long.")
INVALID_URL = N_("Please enter a web address that starts with http:// or https://.")
INVALID_POST = N_("The comment does not belong to a valid post.")
INVALID_PARENT = N_("The comment you are replying to is not valid.")
UNKNOWN_FIELD = N_("The form sent a field that was not expected: {field}.")
UNREADABLE = N_("The form sent a value that could not be read.")
REPEATED = N_("The form sent the field {field} more than once.")
TOO_MANY_FIELDS = N_("The form sent too many fields (more than {limit}).")

_MESSAGES: dict[tuple[str, str], str] = {
    ("post_id", "required"): INVALID_POST,
    ("post_id", "invalid"): INVALID_POST,
    ("author", "required"): REQUIRED,
    ("author", "too_long"): AUTHOR_TOO_LONG,
    ("email", "required"): REQUIRED,
    ("email", "invalid"): INVALID_EMAIL,
    ("email", "too_long"): EMAIL_TOO_LONG,
    ("url", "invalid"): INVALID_URL,
    ("url", "too_long"): URL_TOO_LONG,
    ("content", "required"): CONTENT_REQUIRED,
    ("content", "too_long"): CONTENT_TOO_LONG,
    ("parent_id", "invalid"): INVALID_PARENT,
}
_FIELDS = ("post_id", "author", "email", "url", "content", "parent_id")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_TAG = re.compile(r"<[^<>]*>")
_MAX_POST_ID = 200
MAX_ERRORS = 20
"""At most this many errors are reported, the form's own fields first: a bot's junk fields
cannot make a page of messages (or a response) as large as its post."""


def clean_text(value: str) -> str:
    """Controls removed, lone surrogates replaced, NFC-normalized: "clean Unicode"."""
    return unicodedata.normalize("NFC", scrub_codepoints(value))


def _fail(code: str) -> PydanticCustomError:
    return PydanticCustomError(code, code)


class RequestInfo(BaseModel):
    """Facts about the HTTP request a comment came in on, supplied by the blog backend.

    ``ip`` is normalised; ``""`` (or RFC 7239's ``"unknown"``) means the address is not known,
    and the IP-based checks then skip it. Build it with :func:`~commentguard.request_from_wsgi`
    or :func:`~commentguard.request_from_asgi`, which read proxy headers safely; anything else
    that is not an address is refused. ``user_id`` is the site's id of a logged-in commenter;
    ``is_moderator`` exempts moderators from rate limits. The ``repr`` and ``str`` mask the IP
    address and the user agent, so logs do not collect them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    ip: str
    user_agent: str = ""
    user_id: str | None = None
    is_moderator: bool = False

    @field_validator("ip")
    @classmethod
    def _normal_ip(cls, value: str) -> str:
        value = value.strip()
        if not value or value.lower() == "unknown":
            return ""
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            raise ValueError(
                f"{value[:80]!r} is not an IP address; use request_from_wsgi/request_from_asgi "
                "to read forwarding headers"
            ) from None

    @field_validator("user_agent")
    @classmethod
    def _clean_agent(cls, value: str) -> str:
        return clean_text(value).strip()[:254]  # WordPress keeps 254 characters

    def __repr_args__(self) -> Iterator[tuple[str, object]]:  # pydantic builds repr and str from it
        yield "ip", mask_ip(self.ip)
        yield "user_agent", mask_agent(self.user_agent)
        yield "user_id", self.user_id
        yield "is_moderator", self.is_moderator


class Settings(BaseModel):
    """How strict validation is; the defaults are WordPress's.

    ``extra_fields`` pass through into :attr:`Submission.extra` (the honeypot and form-token
    fields are added automatically when configured); ``ignored_fields`` are dropped; any
    other field is an error. Limits are in UTF-8 bytes, as WordPress's database columns.
    A form with more than ``max_fields`` fields (any kind, ``None`` values included) is
    refused with one error before any field is read.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    require_name_email: bool = True
    extra_fields: frozenset[str] = frozenset()
    # The submit button, Django's and Flask-WTF's CSRF tokens: the framework checks those.
    ignored_fields: frozenset[str] = frozenset({"submit", "csrfmiddlewaretoken", "csrf_token"})
    honeypot_field: str | None = None
    max_fields: int = Field(default=100, ge=len(_FIELDS), le=10_000)
    max_author_bytes: int = Field(default=245, ge=1, le=1024)
    max_email_bytes: int = Field(default=100, ge=6)
    max_url_bytes: int = Field(default=200, ge=10)
    max_content_bytes: int = Field(default=65_525, ge=1)

    @property
    def passthrough_fields(self) -> frozenset[str]:
        """Every field that goes into :attr:`Submission.extra`."""
        honeypot = {self.honeypot_field} if self.honeypot_field else set()
        return self.extra_fields | honeypot


def _settings(info: ValidationInfo) -> Settings:
    context = info.context or {}
    settings = context.get("settings")
    return settings if isinstance(settings, Settings) else Settings()


def _within(value: str, limit: int) -> str:
    if len(value.encode("utf-8")) > limit:
        raise _fail("too_long")
    return value


def _normal_url(value: str) -> str:
    try:
        return normal_author_url(value)
    except ValueError as exc:
        raise _fail("invalid") from exc


class Submission(BaseModel):
    """A validated comment form post, with the request it came in on.

    Build it with :func:`validate`, which turns every broken rule into a localized
    :class:`~commentguard.FieldError`. ``content`` is still raw HTML: sanitizing comes later.
    The ``repr`` and ``str`` mask the email address (and the name, when it holds one) and the
    request's IP address and user agent.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    post_id: str
    author: str
    email: str
    url: str = ""
    content: str
    parent_id: int | None = None
    extra: Mapping[str, str] = Field(default_factory=dict)
    request: RequestInfo

    def __repr_args__(self) -> Iterator[tuple[str, object]]:  # pydantic builds repr and str from it
        for name, value in super().__repr_args__():
            if name == "author":
                value = mask_text(self.author)
            elif name == "email":
                value = mask_email(self.email)
            yield str(name), value

    @field_validator("post_id", "author", "email", "url", "content", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return clean_text(value).strip() if isinstance(value, str) else value

    @field_validator("post_id")
    @classmethod
    def _post(cls, value: str) -> str:
        if not value or len(value) > _MAX_POST_ID:
            raise _fail("required" if not value else "invalid")
        return value

    @field_validator("author")
    @classmethod
    def _author(cls, value: str, info: ValidationInfo) -> str:
        settings = _settings(info)
        for _ in range(8):  # names are short; a few rounds strip nested tag-like text
            stripped = _TAG.sub("", value)
            if stripped == value:
                break
            value = stripped
        value = " ".join(_BIDI_CONTROLS.sub("", value).split())
        if not value and settings.require_name_email:
            raise _fail("required")
        return _within(value, settings.max_author_bytes)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str, info: ValidationInfo) -> str:
        settings = _settings(info)
        if not value:
            if settings.require_name_email:
                raise _fail("required")
            return value
        _within(value, settings.max_email_bytes)
        try:
            checked = validate_email(value, check_deliverability=False, allow_smtputf8=True)
        except EmailNotValidError as exc:
            raise _fail("invalid") from exc
        return _within(checked.normalized, settings.max_email_bytes)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            return value
        limit = _settings(info).max_url_bytes
        return _within(_normal_url(_within(value, limit)), limit)

    @field_validator("content")
    @classmethod
    def _content(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            raise _fail("required")
        return _within(value, _settings(info).max_content_bytes)

    @field_validator("parent_id", mode="before")
    @classmethod
    def _parent(cls, value: object) -> object:
        if value is None or value == "" or value == 0 or value == "0":
            return None  # WordPress sends 0 for "not a reply"
        if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
            raise _fail("invalid")
        return value


def _as_text(value: object) -> str | None:
    """Read one form value the way Flask's and Django's forms hand them over."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]  # urllib.parse.parse_qs and friends wrap each value in a list
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) else None


def _field_name(key: object) -> str:
    text = key if isinstance(key, str) else repr(key)
    return clean_text(text)[:64]


def validate(
    form: Mapping[str, object],
    request: RequestInfo,
    settings: Settings | None = None,
    locale: str = "en",
) -> Submission:
    """Validate a comment form post; return the :class:`Submission` or list every problem.

    Args:
        form: the posted fields (``request.POST``, ``request.form``, a ``dict``). Values may
            be ``str``, UTF-8 ``bytes`` or one-item lists of them. A field sent twice (a
            multi-dict's ``getlist``, or a longer list) is an error, never first- or last-wins.
        request: the request facts (IP, user agent, logged-in user).
        settings: validation rules; WordPress's defaults when omitted.
        locale: the language of the error messages (``"en"`` or ``"sv"``).

    Raises:
        ValidationFailed: with ``.errors``, every broken rule at once (at most
            :data:`MAX_ERRORS`, the form's own fields first); a form of more than
            ``settings.max_fields`` fields gets the one error ``too_many_fields``.
        TypeError: ``form`` is not a mapping or ``request`` not a :class:`RequestInfo`.
        ValueError: ``locale`` is not a language commentguard speaks.

    """
    language = normalize_locale(locale)
    settings = settings or Settings()
    if not isinstance(form, Mapping):
        raise TypeError(f"validate() takes the form as a mapping of field names, not {type(form).__name__}")
    if not isinstance(request, RequestInfo):
        raise TypeError(f"validate() takes a commentguard.RequestInfo, not {type(request).__name__}")

    if len(form) > settings.max_fields:  # before reading any: 100,000 fields cost 100,000 errors
        message = translate(TOO_MANY_FIELDS, language, limit=settings.max_fields)
        raise ValidationFailed([FieldError(field="form", code="too_many_fields", message=message)])
    data: dict[str, Any] = {"extra": {}, "request": request}
    problems: list[tuple[str, str]] = []
    passthrough = settings.passthrough_fields
    for key in list(form.keys()):
        raw = form[key]
        if raw is None:
            continue  # None means "not sent", as a missing field
        value = _as_text(raw)
        name = _field_name(key)
        if not isinstance(key, str) or (key not in _FIELDS and key not in passthrough):
            if key not in settings.ignored_fields:
                problems.append((name, "unknown_field"))
        elif _repeated(form, key, raw):
            problems.append((name, "repeated"))
        elif value is None:
            problems.append((name, "unreadable"))
        elif key in passthrough:
            data["extra"][key] = clean_text(value)
        else:
            data[key] = value
    for name in ("post_id", "author", "email", "content"):
        data.setdefault(name, "")

    try:
        submission = Submission.model_validate(data, context={"settings": settings})
    except ValidationError as exc:
        flagged = {name for name, _ in problems}
        found = [(str(e["loc"][0]), e["type"]) for e in exc.errors()]
        problems = [p for p in found if p[0] not in flagged] + problems
    else:
        if not problems:
            return submission
    raise ValidationFailed(_field_errors(problems, language))


def _repeated(form: Mapping[str, object], key: str, raw: object) -> bool:
    """Whether the field came more than once: Werkzeug's and Django's multi-dicts hide it in ``[key]``."""
    getlist = getattr(form, "getlist", None)
    if callable(getlist):
        values = getlist(key)
        if isinstance(values, (list, tuple)) and len(values) > 1:
            return True
    return isinstance(raw, (list, tuple)) and len(raw) > 1


def _field_errors(problems: list[tuple[str, str]], language: str) -> list[FieldError]:
    order = {name: index for index, name in enumerate(_FIELDS)}
    errors = []
    ranked = sorted(problems, key=lambda p: order.get(p[0], len(order)))
    for name, code in ranked[:MAX_ERRORS]:
        if code in ("unknown_field", "repeated"):
            message = translate(UNKNOWN_FIELD if code == "unknown_field" else REPEATED, language, field=name)
        else:
            code = code if (name, code) in _MESSAGES or code == "unreadable" else "invalid"
            message = translate(_MESSAGES.get((name, code), UNREADABLE), language)
        errors.append(FieldError(field=name, code=code, message=message))
    return errors
