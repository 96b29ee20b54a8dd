"""Framework fields: CSRF tokens and the submit button are ignored; a field sent twice is an error."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from commentguard import RequestInfo, ValidationFailed, validate

FORM = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "content": "Hej"}
REQUEST = RequestInfo(ip="203.0.113.7")


@pytest.mark.parametrize("field", ["csrf_token", "csrfmiddlewaretoken", "submit"])
def test_known_framework_fields_are_ignored(field: str) -> None:
    """Flask-WTF's csrf_token, Django's csrfmiddlewaretoken and the submit button pass without error."""
    submission = validate({**FORM, field: "x"}, REQUEST)
    assert field not in submission.extra
    assert submission.author == "Anna"


class QueryDict(dict[str, str]):
    """Django's QueryDict in miniature: ``[key]`` gives the last value, ``getlist`` all of them."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        super().__init__(pairs)
        self._lists: dict[str, list[str]] = {}
        for key, value in pairs:
            self._lists.setdefault(key, []).append(value)

    def getlist(self, key: str) -> list[str]:
        """Every value sent for ``key``."""
        return self._lists[key]


@pytest.mark.parametrize(
    "form",
    [
        MultiDict([*FORM.items(), ("author", "Mallory")]),  # Flask's request.form: [key] is the first
        QueryDict([*FORM.items(), ("author", "Mallory")]),  # Django's request.POST: [key] is the last
        {**FORM, "author": ["Anna", "Mallory"]},  # parse_qs
    ],
    ids=["werkzeug", "django", "lists"],
)
def test_a_repeated_field_is_an_error_not_first_or_last_wins(form: object) -> None:
    """A field sent twice fails validation with a "repeated" error naming it, in either language."""
    with pytest.raises(ValidationFailed) as failed:
        validate(form, REQUEST, locale="sv")  # type: ignore[arg-type]
    [error] = failed.value.errors
    assert (error.field, error.code) == ("author", "repeated")
    assert error.message == "Formuläret skickade fältet author mer än en gång."


def test_a_multidict_with_single_values_validates() -> None:
    """A multi-dict whose fields each came once validates as a plain dict does."""
    assert validate(MultiDict(FORM), REQUEST).email == "anna@example.se"
