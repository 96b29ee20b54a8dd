"""The signed form token: forged or missing is spam, too fast is spam, too old is only held."""

from __future__ import annotations

import hmac
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import Action, CheckError, Settings
from commentguard.checks import FormToken
from tests.checks.helpers import NOW, make_context, make_draft

SECRET = "site-secret-for-tests"
SETTINGS = Settings(extra_fields=frozenset({"cg_token"}))


def judge(
    value: str | None, *, seconds_later: float, post_id: str = "plan", token: FormToken | None = None
) -> object:
    """(action, code) of the token check for ``value`` sent ``seconds_later``, or None."""
    token = token or FormToken(SECRET)
    fields = {} if value is None else {"cg_token": value}
    draft = make_draft(fields, settings=SETTINGS, post_id=post_id)
    verdict = token.check(draft, make_context(now=NOW + timedelta(seconds=seconds_later)))
    return None if verdict is None else (verdict.action, verdict.reason.code)


def issued(post_id: str = "plan", secret: str = SECRET) -> str:
    """A token issued at NOW."""
    return FormToken(secret).issue(post_id, NOW)["cg_token"]


@pytest.mark.parametrize(
    ("seconds_later", "expected"),
    [
        (3, None),
        (600, None),
        (24 * 3600, None),
        (2.9, (Action.SPAM, "token_too_fast")),
        (-60, (Action.SPAM, "token_too_fast")),  # the clock went back: still not a person typing
        (24 * 3600 + 1, (Action.HOLD, "token_expired")),  # cached pages: hold, never reject
    ],
)
def test_token_timing(seconds_later: float, expected: object) -> None:
    """A good token is accepted from 3 s to 24 h after it was issued."""
    assert judge(issued(), seconds_later=seconds_later) == expected


GOOD = issued()  # one token (each carries a random part), so every tampered form below starts from it
_TIME, _NONCE, _SIGNATURE = GOOD.split(".")


@pytest.mark.parametrize(
    "value",
    [
        None,  # missing
        "",
        "garbage",
        issued(post_id="another-post"),  # replayed from another post's form
        issued(secret="someone-elses-secret"),  # forged
        GOOD.upper(),
        f"{_TIME}.{_NONCE}.{_SIGNATURE[:-1]}{'0' if _SIGNATURE[-1] != '0' else '1'}",  # tampered signature
        f"{int(_TIME) - 3600}.{_NONCE}.{_SIGNATURE}",  # tampered time
        f"{_TIME}.{_NONCE[:-1]}{'0' if _NONCE[-1] != '0' else '1'}.{_SIGNATURE}",  # tampered random part
        f"{_TIME}.{_SIGNATURE}",  # the random part dropped
    ],
    ids=[
        "missing",
        "empty",
        "garbage",
        "other-post",
        "other-key",
        "upper",
        "signature",
        "time",
        "random",
        "no-random",
    ],
)
def test_missing_or_forged_tokens_are_spam(value: str | None) -> None:
    """A token that is missing, malformed, from another post or another key is spam."""
    assert judge(value, seconds_later=60) == (Action.SPAM, "token_invalid")


@given(value=st.text(max_size=200))
def test_no_random_text_passes_as_a_token(value: str) -> None:
    """Whatever a robot puts in the field, only a token we signed is accepted."""
    reason = FormToken(SECRET).verify(value, "plan", NOW + timedelta(seconds=60))
    assert reason is not None
    assert reason.code == "token_invalid"


def test_signatures_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signature check goes through hmac.compare_digest, so timing does not leak it."""
    calls = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert judge(issued(), seconds_later=60) is None
    assert len(calls) == 1


def test_the_token_survives_validation_cleaning_of_the_post_id() -> None:
    """A post id with surrounding spaces is signed as validation will clean it."""
    value = FormToken(SECRET).issue("  plan  ", NOW)["cg_token"]
    assert judge(value, seconds_later=60) is None


def test_settings_are_respected() -> None:
    """min_seconds and max_age are configurable; the hidden field's name too."""
    strict = FormToken(SECRET, min_seconds=10, max_age=timedelta(hours=1), field="t")
    assert list(strict.issue("plan", NOW)) == ["t"]
    assert judge(issued(), seconds_later=5, token=FormToken(SECRET, min_seconds=10)) == (
        Action.SPAM,
        "token_too_fast",
    )
    reason = FormToken(SECRET, max_age=timedelta(hours=1)).verify(issued(), "plan", NOW + timedelta(hours=2))
    assert reason is not None
    assert reason.params == {"hours": 1}


@pytest.mark.parametrize(
    "make",
    [
        lambda: FormToken(""),
        lambda: FormToken(b""),
        lambda: FormToken(None),  # type: ignore[arg-type]
        lambda: FormToken(SECRET, min_seconds=-1),
        lambda: FormToken(SECRET, max_age=timedelta(seconds=1)),
        lambda: FormToken(SECRET, field=""),
    ],
)
def test_bad_configuration_is_refused(make: object) -> None:
    """An empty secret or impossible timings are refused when the check is built."""
    with pytest.raises(CheckError):
        make()  # type: ignore[operator]


def test_issue_refuses_bad_arguments() -> None:
    """Issuing needs a str post id that is not blank and an aware time."""
    token = FormToken(SECRET)
    with pytest.raises(TypeError):
        token.issue(7, NOW)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        token.issue(" \x00 ", NOW)
    with pytest.raises(ValueError, match="aware"):
        token.issue("plan", NOW.replace(tzinfo=None))


def test_repr_does_not_show_the_key() -> None:
    """Logging the check never prints the secret or the derived key."""
    text = repr(FormToken(SECRET))
    assert SECRET not in text
    assert "key" not in text
