"""The comment form: described from the policy and settings, rendered as accessible HTML."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from commentguard import WORDPRESS_POLICY, CommentGuard, MemoryStore, RequestInfo, Settings, ValidationFailed
from commentguard.web import CommentForm, comment_form, environment, web_settings

from .html import one

RENDER = '{% from "commentguard/form.html" import comment_form %}{{ comment_form(form) }}'


def _guard(locale: str = "en", **settings: object) -> CommentGuard:
    return CommentGuard(
        store=MemoryStore(), settings=web_settings(Settings(**settings)), secret="site-secret", locale=locale
    )


def _render(form: CommentForm) -> HTMLParser:
    return HTMLParser(environment().from_string(RENDER).render(form=form))


@pytest.mark.parametrize(
    ("locale", "labels", "notes"),
    [
        ("en", ["Comment", "Name", "Email", "Website"], "Your email address will not be published."),
        ("sv", ["Kommentar", "Namn", "E-postadress", "Webbplats"], "E-postadressen publiceras inte."),
    ],
)
def test_form_is_described_from_policy_and_settings(locale: str, labels: list[str], notes: str) -> None:
    """Labels, notes and the allowed-tags sentence come in the guard's language; limits from the settings."""
    form = comment_form(_guard(locale, max_author_bytes=50), "plan", action="/comments")
    assert [f.label for f in form.fields] == labels
    assert form.email_note == notes
    assert form.allowed_tags == WORDPRESS_POLICY.describe(locale)
    assert {f.name: f.max_length for f in form.fields}["author"] == 50
    assert [f.required for f in form.fields] == [True, True, True, False]


def test_optional_name_and_email_are_not_marked_required() -> None:
    """With require_name_email off, only the comment is required, and the HTML says so."""
    html = _render(comment_form(_guard(require_name_email=False), "plan", action="/c"))
    assert [node.attributes["name"] for node in html.css("[required]")] == ["content"]
    assert len(html.css(".cg-required")) == 1


def test_rendered_form_is_accessible() -> None:
    """Every visible input has a label, autocomplete, and aria-describedby pointing at elements that exist."""
    html = _render(comment_form(_guard(), "plan", action="/comments"))
    inputs = html.css("form input:not([type=hidden]), form textarea")
    visible = [node for node in inputs if node.attributes["name"] != "cg_hp"]
    assert [node.attributes["name"] for node in visible] == ["content", "author", "email", "url"]
    for node in visible:
        assert html.css_first(f'label[for="{node.attributes["id"]}"]') is not None
        for target in (node.attributes.get("aria-describedby") or "").split():
            assert html.css_first(f"#{target}") is not None, target
    email = one(html, "#cg-email")
    assert email.attributes["autocomplete"] == "email"
    assert email.attributes["type"] == "email"
    assert "cg-email-note" in (email.attributes["aria-describedby"] or "")
    assert one(html, "#cg-email-note").text() == "Your email address will not be published."
    assert "You may use these HTML tags" in one(html, "#cg-content-note").text()


def test_honeypot_and_token_are_in_the_form_and_hidden() -> None:
    """The honeypot is on by default, hidden from people and screen readers; the token is a hidden field."""
    html = _render(comment_form(_guard(), "plan", action="/comments"))
    trap = one(html, 'input[name="cg_hp"]')
    wrapper = trap.parent
    assert wrapper is not None
    assert "hidden" in wrapper.attributes
    assert wrapper.attributes["aria-hidden"] == "true"
    assert trap.attributes["tabindex"] == "-1"
    assert trap.attributes["autocomplete"] == "off"
    hidden = {n.attributes["name"]: n.attributes["value"] for n in html.css('input[type="hidden"]')}
    assert (hidden["post_id"], hidden["parent_id"]) == ("plan", "0")
    assert "." in (hidden["cg_token"] or "")


def test_failed_submit_refills_values_and_shows_each_fields_errors() -> None:
    """After a failed submit every value comes back escaped and each field's error is tied to it."""
    guard = _guard("sv")
    sent = {
        "post_id": "plan",
        "author": '"><script>alert(1)</script>',
        "email": "nope",
        "url": "",
        "content": "",
    }
    with pytest.raises(ValidationFailed) as failed:
        guard.submit(sent, RequestInfo(ip="203.0.113.7"))
    form = comment_form(guard, "plan", action="/c", values=sent, errors=failed.value.errors)
    html = _render(form)
    assert html.css("script") == []
    assert one(html, "#cg-author").attributes["value"] == '"><script>alert(1)</script>'
    email = one(html, "#cg-email")
    assert email.attributes["aria-invalid"] == "true"
    assert "cg-email-error" in (email.attributes["aria-describedby"] or "")
    assert one(html, "#cg-email-error").text() == "Ange en giltig e-postadress."
    assert html.css_first("#cg-content-error") is not None
    assert one(html, "#cg-form-errors").attributes["role"] == "alert"


@pytest.mark.parametrize(
    "value", ["", "\x00", "a\udcffb", "x" * 200_000, "\r\n<b>", b"\xff\xfe", ["a", "b"], 42, None]
)
def test_hostile_values_render_safely(value: object) -> None:
    """Empty, NUL, lone surrogates, huge, CR/LF, bytes, lists and wrong types re-fill without raising."""
    form = comment_form(_guard(), "plan", action="/c", values={"author": value, "content": value})
    html = _render(form)
    assert html.css_first("#cg-author") is not None
    assert "\udcff" not in (html.html or "")


def test_reply_form_names_the_parent_and_carries_its_id() -> None:
    """A reply form's heading names who is answered, and parent_id goes back as a hidden field."""
    form = comment_form(_guard("sv"), "plan", action="/c", parent_id=4, parent_author="Anna")
    assert form.heading == "Svara Anna"
    assert form.hidden["parent_id"] == "4"
    assert form.cancel_reply == "Avbryt svar"


def test_without_secret_or_honeypot_the_form_has_neither() -> None:
    """A guard without a secret gets no token field, and web_settings(honeypot=None) no honeypot."""
    guard = CommentGuard(store=MemoryStore(), settings=web_settings(honeypot=None))
    form = comment_form(guard, "plan", action="/c")
    assert form.honeypot is None
    assert set(form.hidden) == {"post_id", "parent_id"}


def test_unknown_locale_is_refused() -> None:
    """Asking for a language commentguard does not speak is a ValueError naming it."""
    with pytest.raises(ValueError, match="'de'"):
        comment_form(_guard(), "plan", action="/c", locale="de")
