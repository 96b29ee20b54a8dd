"""One description of the comment form, generated from the guard's policy and settings.

Every template (the Jinja2 macro here, a Django or FastAPI integration later) renders the
same :class:`CommentForm`: the fields with their labels, required marks, length limits and
autocomplete hints, the notes the form promises, the honeypot and the form token. After a
failed submit it carries the values sent back and each field's errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from commentguard import (
    FORM_NOTE_EMAIL,
    FORM_NOTE_REQUIRED,
    CommentGuard,
    FieldError,
    FormToken,
    Settings,
    translate,
)
from commentguard.web import words as _text

DEFAULT_HONEYPOT = "cg_hp"
"""The honeypot's field name whenever the web layer builds the settings (see :func:`web_settings`)."""


EMAIL_NOTE_ID = "cg-email-note"
"""The element id of the form's "email will not be published" note; the email field points at it."""


def web_settings(settings: Settings | None = None, *, honeypot: str | None = DEFAULT_HONEYPOT) -> Settings:
    """``settings`` with the honeypot turned on, as every form the web layer renders has one.

    Pass the result to ``CommentGuard(settings=...)``; ``honeypot=None`` leaves it off.
    """
    settings = settings or Settings()
    if honeypot is None or settings.honeypot_field:
        return settings
    return settings.model_copy(update={"honeypot_field": honeypot})


@dataclass(frozen=True, slots=True)
class FormField:
    """One visible field of the comment form, ready to render.

    ``max_length`` is the setting's limit in UTF-8 bytes: a safe upper bound for the browser's
    character count, which the server then checks exactly. ``error_id`` and ``note_id`` are the
    element ids ``aria-describedby`` points at (``None`` when there is no error or note).
    """

    name: str
    label: str
    kind: str  # "text", "email", "url" or "textarea"
    required: bool
    max_length: int
    autocomplete: str
    value: str = ""
    errors: tuple[str, ...] = ()
    note: str = ""
    form_note_id: str | None = None  # a note shown once for the whole form that describes it

    @property
    def input_id(self) -> str:
        """The element id of the input (``cg-author``)."""
        return f"cg-{self.name}"

    @property
    def error_id(self) -> str | None:
        """The id of the element listing this field's errors, or ``None``."""
        return f"cg-{self.name}-error" if self.errors else None

    @property
    def note_id(self) -> str | None:
        """The id of this field's note, or ``None``."""
        return f"cg-{self.name}-note" if self.note else None

    @property
    def described_by(self) -> str:
        """The ``aria-describedby`` value: the note and the errors, space-separated."""
        return " ".join(i for i in (self.form_note_id, self.note_id, self.error_id) if i)


@dataclass(frozen=True, slots=True)
class CommentForm:
    """The comment form for one post, in one language: what every template renders.

    Attributes:
        action: where the form posts (the integration's submit endpoint).
        heading: "Leave a comment", or "Leave a reply to Anna".
        fields: the visible fields, in order.
        hidden: hidden fields (post id, parent id, the form token), name → value.
        honeypot: the honeypot's field name and label, or ``None``.
        email_note, required_note, allowed_tags: the form's three promises.
        submit_label: the button's text.
        errors: errors that belong to no field (a rejected comment), and the summary line.
        cancel_reply: the text of the "cancel reply" link when replying, else ``""``.
        locale: the language it is in.

    """

    action: str
    heading: str
    fields: tuple[FormField, ...]
    hidden: Mapping[str, str]
    honeypot: tuple[str, str] | None
    email_note: str
    required_note: str
    allowed_tags: str
    submit_label: str
    errors: tuple[str, ...] = ()
    cancel_reply: str = ""
    locale: str = "en"

    @property
    def has_errors(self) -> bool:
        """Whether the form comes back from a failed submit."""
        return bool(self.errors) or any(f.errors for f in self.fields)


def comment_form(
    guard: CommentGuard,
    post_id: str,
    *,
    action: str,
    parent_id: int | None = None,
    parent_author: str | None = None,
    values: Mapping[str, object] | None = None,
    errors: Sequence[FieldError] = (),
    message: str | None = None,
    locale: str | None = None,
) -> CommentForm:
    """The comment form for ``post_id``, from ``guard``'s policy, settings and form token.

    Args:
        guard: the site's guard (its policy, settings, locale and secret are read).
        post_id: the post the comment is for.
        action: the URL the form posts to.
        parent_id: the comment being replied to, if any.
        parent_author: its author's public name, for the heading.
        values: the values sent back after a failed submit (re-filled, never the honeypot).
        errors: the :class:`~commentguard.FieldError` list of a failed submit.
        message: an error that belongs to no field (a rejected comment).
        locale: the language; the guard's when omitted.

    """
    language = _text.language(locale or guard.locale)
    settings = guard.settings
    sent = {key: _value(values.get(key)) for key in ("author", "email", "url", "content")} if values else {}
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(error.field, []).append(error.message)
    required = settings.require_name_email

    def make(
        name: str, label: str, kind: str, need: bool, limit: int, complete: str, **more: str
    ) -> FormField:
        return FormField(
            name, _text.text(label, language), kind, need, limit, complete,
            value=sent.get(name, ""), errors=tuple(by_field.pop(name, ())), **more,
        )  # fmt: skip

    fields = (
        make("content", _text.COMMENT, "textarea", True, settings.max_content_bytes, "off",
             note=guard.policy.describe(language)),
        make("author", _text.NAME, "text", required, settings.max_author_bytes, "name"),
        make("email", _text.EMAIL, "email", required, settings.max_email_bytes, "email",
             form_note_id=EMAIL_NOTE_ID),
        make("url", _text.WEBSITE, "url", False, settings.max_url_bytes, "url"),
    )  # fmt: skip
    hidden = {"post_id": post_id, "parent_id": str(parent_id or 0)}
    if any(isinstance(check, FormToken) for check in guard.checks):
        hidden.update(guard.form_token(post_id))
    leftover = tuple(m for messages in by_field.values() for m in messages)  # post id, unknown fields
    general = ((message,) if message else ()) + leftover
    if general or any(f.errors for f in fields):
        general = (_text.text(_text.FIX_ERRORS, language), *general)
    honeypot = settings.honeypot_field
    heading = (
        _text.text(_text.LEAVE_REPLY, language, author=parent_author)
        if parent_id and parent_author
        else _text.text(_text.LEAVE_COMMENT, language)
    )
    return CommentForm(
        action=action,
        heading=heading,
        fields=fields,
        hidden=hidden,
        honeypot=(honeypot, _text.text(_text.HONEYPOT_LABEL, language)) if honeypot else None,
        email_note=translate(FORM_NOTE_EMAIL, language),
        required_note=translate(FORM_NOTE_REQUIRED, language),
        allowed_tags=guard.policy.describe(language),
        submit_label=_text.text(_text.POST_COMMENT, language),
        errors=general,
        cancel_reply=_text.text(_text.CANCEL_REPLY, language) if parent_id else "",
        locale=language,
    )


def _value(raw: object) -> str:
    """A sent value to re-fill: text as sent (the template escapes it), anything else empty."""
    if isinstance(raw, (list, tuple)) and raw:
        raw = raw[0]
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    return raw.encode("utf-8", "replace").decode("utf-8") if isinstance(raw, str) else ""
