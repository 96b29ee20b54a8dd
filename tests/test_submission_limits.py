"""validate() does bounded work on a hostile form: a field cap, an error cap, bounded settings."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from commentguard import FieldError, RequestInfo, Settings, ValidationFailed, validate
from commentguard.submission import MAX_ERRORS

REQUEST = RequestInfo(ip="203.0.113.7")
FORM: dict[str, object] = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "content": "Tack!"}


def failure(
    form: dict[str, object], settings: Settings | None = None, locale: str = "en"
) -> ValidationFailed:
    """The ValidationFailed that validate() raises for ``form`` (the test fails if it does not raise)."""
    with pytest.raises(ValidationFailed) as failed:
        validate(form, REQUEST, settings, locale)
    return failed.value


def test_a_form_of_100000_fields_is_one_error_in_bounded_time() -> None:
    """The audit's 100,000-field form is refused with one `too_many_fields` error, well under 50 ms of CPU."""
    form: dict[str, object] = {**FORM, **{f"field{n}": "x" for n in range(100_000)}}
    started = time.process_time()
    failed = failure(form)
    spent = time.process_time() - started
    assert [(e.field, e.code) for e in failed.errors] == [("form", "too_many_fields")]
    assert failed.errors[0].message == "The form sent too many fields (more than 100)."
    assert spent < 0.05, spent  # it was 0.35 s on main, and grew with every field


def test_the_field_cap_speaks_swedish_and_follows_the_setting() -> None:
    """The cap is Settings.max_fields (default 100), counted over every key, and its message is translated."""
    form: dict[str, object] = {**FORM, **dict.fromkeys(f"n{n}" for n in range(96))}  # 100 keys, 96 "not sent"
    assert validate(form, REQUEST).author == "Anna"
    form["n96"] = None
    [error] = failure(form, locale="sv").errors
    assert error.message == "Formuläret skickade för många fält (fler än 100)."
    [error] = failure({**FORM, "a": "1", "b": "2", "c": "3"}, Settings(max_fields=6)).errors
    assert error.code == "too_many_fields"


@pytest.mark.parametrize("bad", [{"max_fields": 5}, {"max_fields": 10_001}, {"max_author_bytes": 1025}])
def test_limits_are_bounded_settings(bad: dict[str, int]) -> None:
    """max_fields lies in 6..10,000 and max_author_bytes in 1..1,024: no setting makes the work unbounded."""
    with pytest.raises(ValidationError):
        Settings(**bad)


def test_errors_are_capped_with_the_forms_own_fields_first() -> None:
    """Ninety unknown fields and a missing email give MAX_ERRORS errors, and the email's is among them."""
    form: dict[str, object] = {**FORM, "email": "", **{f"junk{n}": "x" for n in range(90)}}
    errors = failure(form).errors
    assert len(errors) == MAX_ERRORS == 20
    assert errors[0].field == "email"
    assert errors[0].code == "required"


@given(st.dictionaries(st.text(max_size=20), st.text(max_size=20), max_size=300))
def test_any_form_gets_a_bounded_answer(extra: dict[str, str]) -> None:
    """Whatever fields are added, validate() returns or raises ValidationFailed with 1..MAX_ERRORS errors."""
    form = {**FORM, **extra}
    errors: tuple[FieldError, ...] = ()
    try:
        validate(form, REQUEST)
    except ValidationFailed as failed:
        errors = failed.errors
        assert errors, "a failure names at least one error"
    assert len(errors) <= MAX_ERRORS
    if len(form) > 100:
        assert [e.code for e in errors] == ["too_many_fields"]
