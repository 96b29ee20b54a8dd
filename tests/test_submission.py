"""validate(): every broken rule at once, localized; clean Unicode; never a stray exception."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import FieldError, RequestInfo, Settings, Submission, ValidationFailed, validate

REQUEST = RequestInfo(ip="203.0.113.7", user_agent="Mozilla/5.0")
FORM = {
    "post_id": "plan-for-handling",
    "author": "Anna",
    "email": "anna@example.se",
    "url": "",
    "content": "Tack för inlägget!",
}


def errors_of(
    form: Mapping[str, object], locale: str = "en", settings: Settings | None = None
) -> list[FieldError]:
    """The errors validate() raises for ``form`` (the test fails if it does not raise)."""
    with pytest.raises(ValidationFailed) as failed:
        validate(form, REQUEST, settings, locale=locale)
    return list(failed.value.errors)


def test_a_valid_form_becomes_a_submission() -> None:
    """A complete form validates to a Submission carrying the request facts."""
    submission = validate(FORM, REQUEST)
    assert isinstance(submission, Submission)
    assert (submission.author, submission.email, submission.content) == (
        "Anna",
        "anna@example.se",
        "Tack för inlägget!",
    )
    assert submission.request.ip == "203.0.113.7"
    assert submission.parent_id is None


def test_every_error_is_reported_at_once_in_swedish() -> None:
    """All broken fields come back together, in field order, with the Swedish texts."""
    errors = errors_of({"post_id": "7", "author": "", "email": "inte-en-adress", "content": "  "}, "sv")
    assert [(e.field, e.code, e.message) for e in errors] == [
        ("author", "required", "Fyll i de obligatoriska fälten."),
        ("email", "invalid", "Ange en giltig e-postadress."),
        ("content", "required", "Skriv din kommentartext."),
    ]


@pytest.mark.parametrize(
    ("field", "value", "swedish"),
    [
        ("author", "A" * 246, "Ditt namn är för långt."),
        ("author", "å" * 123, "Ditt namn är för långt."),
        ("email", "a" * 90 + "@example.se", "Din e-postadress är för lång."),
        ("url", "https://example.se/" + "x" * 190, "Din webbadress (URL) är för lång."),
        ("content", "x" * 65_526, "Din kommentar är för lång."),
        ("content", "ö" * 32_763, "Din kommentar är för lång."),
    ],
)
def test_length_limits_are_wordpress_bytes(field: str, value: str, swedish: str) -> None:
    """Limits are UTF-8 bytes as in WordPress: 245 name, 100 email, 200 URL, 65,525 content."""
    errors = errors_of({**FORM, field: value}, "sv")
    assert [(e.field, e.code, e.message) for e in errors] == [(field, "too_long", swedish)]


def test_limits_are_inclusive() -> None:
    """Exactly at the limit is accepted."""
    submission = validate({**FORM, "author": "A" * 245, "content": "x" * 65_525}, REQUEST)
    assert len(submission.author) == 245


def test_english_messages_are_the_wordpress_texts() -> None:
    """The default language is English, with WordPress's wording."""
    errors = errors_of({**FORM, "email": ""})
    assert [e.message for e in errors] == ["Please fill the required fields."]


def test_name_and_email_can_be_optional() -> None:
    """With require_name_email off, name and email may be empty but content is still required."""
    settings = Settings(require_name_email=False)
    submission = validate({**FORM, "author": "", "email": ""}, REQUEST, settings)
    assert (submission.author, submission.email) == ("", "")
    assert [
        e.field for e in errors_of({**FORM, "author": "", "email": "", "content": ""}, settings=settings)
    ] == ["content"]


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Anna@Example.SE", "Anna@example.se"),
        ("  anna@example.se ", "anna@example.se"),
        ("anna@bücher.de", "anna@bücher.de"),
        ("åsa@exempel.se", "åsa@exempel.se"),
    ],
)
def test_email_is_checked_and_normalized(raw: str, normal: str) -> None:
    """Addresses are checked by syntax (internationalized domains accepted) and normalized."""
    assert validate({**FORM, "email": raw}, REQUEST).email == normal


@pytest.mark.parametrize(
    "bad", ["anna", "anna@", "@example.se", "anna@@example.se", "anna@example", "a b@example.se"]
)
def test_invalid_emails_are_refused(bad: str) -> None:
    """Malformed addresses give the invalid-email error."""
    assert [(e.field, e.code) for e in errors_of({**FORM, "email": bad})] == [("email", "invalid")]


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("https://Example.SE/Sida", "https://example.se/Sida"),
        ("example.se", "http://example.se/"),
        ("HTTP://example.se?q=1", "http://example.se/?q=1"),
    ],
)
def test_author_url_is_normalized(raw: str, normal: str) -> None:
    """Author URLs get a scheme if missing, lower-case scheme and host, and a path."""
    assert validate({**FORM, "url": raw}, REQUEST).url == normal


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "ftp://example.se",
        "data:text/html,x",
        "http://",
        "https://user:pw@example.se",
        "http://exa mple.se",
        "http://example.se:99999",
    ],
)
def test_unsafe_author_urls_are_refused(bad: str) -> None:
    """Only http(s) URLs with a host and no credentials are accepted."""
    assert [(e.field, e.code) for e in errors_of({**FORM, "url": bad})] == [("url", "invalid")]


def test_html_and_bidi_overrides_are_stripped_from_names() -> None:
    """Tags are stripped from the name, bidi overrides removed, white space collapsed."""
    submission = validate({**FORM, "author": "<b>Anna</b>\u202e  <script>x</script>Lind"}, REQUEST)
    assert submission.author == "Anna xLind"


def test_text_is_nfc_normalized_and_scrubbed() -> None:
    """Decomposed letters are composed; NUL and controls removed; lone surrogates replaced."""
    submission = validate(
        {**FORM, "author": "A\u030angstro\u0308m", "content": "hej\x00\x1b då \ud800"}, REQUEST
    )
    assert submission.author == "Ångström"
    assert submission.content == "hej då \ufffd"


def test_content_stays_raw_html() -> None:
    """Validation does not sanitize: the raw HTML is kept for the sanitizer and for re-cleaning."""
    assert validate({**FORM, "content": "<script>x</script>"}, REQUEST).content == "<script>x</script>"


def test_unknown_fields_are_errors_and_ignored_fields_are_dropped() -> None:
    """A field nobody declared is an error; submit and csrfmiddlewaretoken are ignored by default."""
    assert validate({**FORM, "submit": "Skicka", "csrfmiddlewaretoken": "t"}, REQUEST).extra == {}
    errors = errors_of({**FORM, "is_admin": "1"}, "sv")
    assert [(e.field, e.code, e.message) for e in errors] == [
        ("is_admin", "unknown_field", "Formuläret skickade ett fält som inte förväntades: is_admin.")
    ]


def test_extra_and_honeypot_fields_pass_through() -> None:
    """Declared extra fields and the honeypot field land in Submission.extra, cleaned."""
    settings = Settings(extra_fields=frozenset({"cg_token"}), honeypot_field="website2")
    submission = validate({**FORM, "cg_token": "abc\x00", "website2": ""}, REQUEST, settings)
    assert submission.extra == {"cg_token": "abc", "website2": ""}


@pytest.mark.parametrize(("raw", "parent"), [("12", 12), (12, 12), ("0", None), ("", None), (None, None)])
def test_parent_id_is_an_optional_positive_integer(raw: object, parent: int | None) -> None:
    """parent_id accepts digits or ints; 0 and empty mean 'not a reply', as WordPress sends."""
    assert validate({**FORM, "parent_id": raw}, REQUEST).parent_id == parent


@pytest.mark.parametrize("bad", ["-1", "abc", "1.5", 2**70, "１２"])
def test_bad_parent_ids_are_refused(bad: object) -> None:
    """Anything but a positive integer id is the invalid-parent error."""
    assert [(e.field, e.code) for e in errors_of({**FORM, "parent_id": bad})] == [("parent_id", "invalid")]


def test_framework_style_values_are_read() -> None:
    """One-item lists (parse_qs) and UTF-8 bytes are read; undecodable bytes are an error, not a crash."""
    submission = validate({**{k: [v] for k, v in FORM.items()}, "author": "Åsa".encode()}, REQUEST)
    assert submission.author == "Åsa"
    errors = errors_of({**FORM, "author": b"\xff\xfe"})
    assert [(e.field, e.code) for e in errors] == [("author", "unreadable")]


@pytest.mark.parametrize("value", [True, 3.5, ["a", "b"], {"x": 1}, object()])
def test_wrong_value_types_are_field_errors(value: object) -> None:
    """A value of the wrong type is reported on its field, with the other fields still checked."""
    errors = errors_of({**FORM, "author": value, "email": "bad"})
    assert [e.field for e in errors] == ["author", "email"]


def test_non_string_keys_are_unknown_fields() -> None:
    """A key that is not a string is reported as an unknown field, never a crash."""
    errors = errors_of({**FORM, 7: "x", None: "y"})  # type: ignore[dict-item]
    assert sorted(e.field for e in errors) == ["7", "None"]


def test_wrong_argument_types_are_type_errors() -> None:
    """A form that is not a mapping, or a request that is not RequestInfo, is a programming error."""
    with pytest.raises(TypeError, match="mapping"):
        validate([("author", "x")], REQUEST)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="RequestInfo"):
        validate(FORM, {"ip": "1.2.3.4"})  # type: ignore[arg-type]


def test_unsupported_locale_is_refused_before_validating() -> None:
    """Asking for a language without a catalog is an error, not silent English."""
    with pytest.raises(ValueError, match="unsupported locale"):
        validate(FORM, REQUEST, locale="de")


def test_regional_locales_use_their_language() -> None:
    """sv_SE and sv-se use the Swedish catalog."""
    assert errors_of({**FORM, "content": ""}, "sv_SE")[0].message == "Skriv din kommentartext."


def test_request_info_normalizes_and_refuses_bad_ips() -> None:
    """RequestInfo normalizes IPv6, accepts an unknown (empty) IP and refuses garbage."""
    assert RequestInfo(ip="2001:DB8::0:1").ip == "2001:db8::1"
    assert RequestInfo(ip="").ip == ""
    assert RequestInfo(ip="1.2.3.4", user_agent="x\x00" + "y" * 500).user_agent == "x" + "y" * 253
    with pytest.raises(ValueError, match="ip"):
        RequestInfo(ip="not-an-ip")


def test_submission_is_frozen_and_forbids_extra_fields() -> None:
    """A Submission cannot be altered or built with undeclared fields."""
    submission = validate(FORM, REQUEST)
    with pytest.raises(ValueError, match="frozen"):
        submission.author = "Mallory"  # type: ignore[misc]
    with pytest.raises(ValueError, match="extra"):
        Submission(**FORM, request=REQUEST, is_admin=True)  # type: ignore[call-arg]


def test_huge_hostile_form_fails_cleanly() -> None:
    """Megabytes of controls and surrogates in every field give field errors, never a crash."""
    junk = "\x00\ud800\u202e<" * 300_000
    errors = errors_of(dict.fromkeys(FORM, junk))
    assert {e.field for e in errors} >= {"author", "email", "url", "content"}


form_values = st.one_of(
    st.none(), st.text(), st.binary(max_size=40), st.integers(), st.floats(), st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
)  # fmt: skip
form_keys = st.one_of(st.sampled_from([*FORM, "parent_id", "submit"]), st.text(max_size=10), st.integers())


@given(st.dictionaries(form_keys, form_values, max_size=8), st.sampled_from(["en", "sv"]))
def test_validate_raises_nothing_but_validation_failed(form: dict[object, object], locale: str) -> None:
    """For any mapping of any values, validate returns a Submission or raises ValidationFailed."""
    errors: tuple[FieldError, ...] = ()
    try:
        submission = validate(form, REQUEST, locale=locale)  # type: ignore[arg-type]
    except ValidationFailed as failed:
        errors = failed.errors
    else:
        assert submission.content.strip()
        submission.content.encode("utf-8")
        return
    assert errors
    assert all(error.message for error in errors)


@given(st.text(), st.text(), st.text())
def test_valid_text_is_always_clean_unicode(author: str, email: str, content: str) -> None:
    """Whatever validates is NFC, free of controls and surrogates, and UTF-8 encodable."""
    try:
        submission = validate({**FORM, "author": author or "x", "content": content}, REQUEST)
    except ValidationFailed:
        return
    for text in (submission.author, submission.content):
        text.encode("utf-8")
        assert unicodedata.is_normalized("NFC", text)
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text)
