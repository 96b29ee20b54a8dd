"""The signed form token: its wire format, its reasons' values and its settings' edges.

Pinned because mutation testing found them unpinned (see docs/testing.md, "Mutation testing"):
a token's bytes could change (and log every reader out of their open forms) with no test failing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import Action, CheckError, FormToken
from tests.checks.helpers import NOW

SECRET = "site-secret-for-tests"
ISSUED = 1_777_636_800  # NOW, 2026-05-01 12:00 UTC, in seconds since the epoch
# A token of the release before one-use tokens (`<time>.<HMAC>`, no random part): still accepted,
# so forms open across the upgrade keep working.
PLAN_TOKEN = "1777636800.2cafdf1950f28ef3991a37c630ee09886f0cdfaf714ba2f03612faa4496b9611"
NONCE = "0123456789abcdef"
# The value FormToken(SECRET).issue("plan", NOW) gives with that random part: computed once,
# never to change silently.
PLAN_TOKEN_NOW = (
    "1777636800.0123456789abcdef.c9374c810cc3727fb5cab46d7c6fe6d9f5e1dfb0f6eb39fad2afc5c27f0181fd"
)


@pytest.fixture
def fixed_nonce(monkeypatch: pytest.MonkeyPatch) -> None:
    """The token's random part is NONCE, so issued tokens can be compared byte for byte."""
    monkeypatch.setattr(secrets, "token_hex", lambda n: NONCE[: 2 * n])  # what issue() calls


@pytest.mark.usefixtures("fixed_nonce")
def test_the_wire_format_is_fixed() -> None:
    """A token is `<issue time>.<16 hex random>.<hex HMAC-SHA-256>`, byte for byte as issued last."""
    assert FormToken(SECRET).issue("plan", NOW) == {"cg_token": PLAN_TOKEN_NOW}


def test_a_token_of_the_last_release_still_verifies() -> None:
    """A `<time>.<HMAC>` token issued before the random part existed is still accepted."""
    assert FormToken(SECRET).verify(PLAN_TOKEN, "plan", NOW + timedelta(seconds=60)) is None


@given(
    post_id=st.from_regex(r"[A-Za-z0-9åäöÅÄÖ_-]{1,40}", fullmatch=True),  # as validation leaves one
    issued=st.integers(min_value=0, max_value=10**11),
    secret=st.text(min_size=1, max_size=20),
)
def test_the_signature_is_the_documented_hmac(post_id: str, issued: int, secret: str) -> None:
    """Any token is `<time>.<random>.<HMAC-SHA-256 of "post NUL time NUL random">`, keyed by HMAC(secret)."""
    raw = secret.encode("utf-8", "surrogatepass")
    key = hmac.new(raw, b"commentguard form token v1", hashlib.sha256).digest()
    now = datetime.fromtimestamp(issued, timezone.utc)
    time_part, random_part, signature = FormToken(raw).issue(post_id, now)["cg_token"].split(".")
    assert time_part == str(issued)
    assert len(random_part) == 16
    assert int(random_part, 16) >= 0
    message = f"{post_id}\x00{issued}\x00{random_part}".encode()
    assert signature == hmac.new(key, message, hashlib.sha256).hexdigest()


@pytest.mark.usefixtures("fixed_nonce")
def test_a_bytes_secret_signs_like_its_utf8_str() -> None:
    """A secret given as bytes and the same secret as a str issue the same token."""
    assert FormToken("hemlig-nyckel-å").issue("plan", NOW) == FormToken("hemlig-nyckel-å".encode()).issue(
        "plan", NOW
    )


def test_a_post_id_with_a_lone_surrogate_is_refused_not_a_crash() -> None:
    """verify() with a post id holding a lone surrogate says token_invalid instead of raising."""
    reason = FormToken(SECRET).verify(PLAN_TOKEN, "plan\ud800", NOW + timedelta(seconds=60))
    assert reason is not None
    assert (reason.code, reason.check) == ("token_invalid", "form_token")


@pytest.mark.parametrize("value", [None, "garbage", PLAN_TOKEN[:-1] + "0"])
def test_an_invalid_token_names_the_check(value: str | None) -> None:
    """A malformed or forged token's reason is token_invalid from the form_token check, no params."""
    reason = FormToken(SECRET).verify(value, "plan", NOW + timedelta(seconds=60))
    assert reason is not None
    assert (reason.code, dict(reason.params), reason.check) == ("token_invalid", {}, "form_token")


@pytest.mark.parametrize(
    ("seconds_later", "seconds"),
    [(2.9, 2), (0, 0), (-60, 0), (-0.5, 0)],  # a clock that went back reports 0, never a negative
)
def test_too_fast_reports_the_whole_seconds_taken(seconds_later: float, seconds: int) -> None:
    """token_too_fast carries {"seconds": whole seconds since issue, at least 0} and the check's name."""
    reason = FormToken(SECRET).verify(PLAN_TOKEN, "plan", NOW + timedelta(seconds=seconds_later))
    assert reason is not None
    assert (reason.code, dict(reason.params), reason.check) == (
        "token_too_fast",
        {"seconds": seconds},
        "form_token",
    )


@pytest.mark.parametrize(
    ("max_age", "hours"),
    [
        (timedelta(hours=24), 24),
        (timedelta(minutes=90), 1.5),
        (timedelta(seconds=1000), 0.28),  # rounded to two decimals
        (timedelta(hours=1, seconds=18), 1),  # 1.005 h rounds to 1.0, reported as the int 1
    ],
)
def test_expired_reports_max_age_in_hours(max_age: timedelta, hours: float) -> None:
    """token_expired carries max_age in hours: an int when whole, else rounded to two decimals."""
    reason = FormToken(SECRET, max_age=max_age).verify(
        PLAN_TOKEN, "plan", NOW + max_age + timedelta(seconds=1)
    )
    assert reason is not None
    assert (reason.code, dict(reason.params), reason.check) == (
        "token_expired",
        {"hours": hours},
        "form_token",
    )
    assert type(reason.params["hours"]) is type(hours)


def test_a_token_is_good_exactly_at_min_seconds_and_at_max_age() -> None:
    """Both ends of the accepted window are inside it: min_seconds itself and max_age itself."""
    token = FormToken(SECRET, min_seconds=10, max_age=timedelta(seconds=20))
    assert token.verify(PLAN_TOKEN, "plan", NOW + timedelta(seconds=10)) is None
    assert token.verify(PLAN_TOKEN, "plan", NOW + timedelta(seconds=20)) is None
    assert token.verify(PLAN_TOKEN, "plan", NOW + timedelta(seconds=9.99)) is not None
    assert token.verify(PLAN_TOKEN, "plan", NOW + timedelta(seconds=20.01)) is not None


def test_min_seconds_from_zero_up_is_accepted() -> None:
    """min_seconds=0 (no speed check) and fractions of a second are valid settings."""
    assert FormToken(SECRET, min_seconds=0).verify(PLAN_TOKEN, "plan", NOW) is None
    half = FormToken(SECRET, min_seconds=0.5)
    assert half.verify(PLAN_TOKEN, "plan", NOW + timedelta(seconds=0.5)) is None
    assert half.verify(PLAN_TOKEN, "plan", NOW + timedelta(seconds=0.4)) is not None


@pytest.mark.parametrize("min_seconds", [-0.001, True, "3", None])
def test_min_seconds_must_be_a_number_from_zero(min_seconds: object) -> None:
    """A negative, boolean or non-numeric min_seconds is refused with a message naming it."""
    with pytest.raises(CheckError) as raised:
        FormToken(SECRET, min_seconds=min_seconds)  # type: ignore[arg-type]
    assert str(raised.value) == f"min_seconds must be a number >= 0, not {min_seconds!r}"


@pytest.mark.parametrize(
    ("min_seconds", "max_age"),
    [(60, timedelta(seconds=60)), (0, timedelta(0)), (3, 3600)],
)
def test_max_age_must_be_a_timedelta_longer_than_min_seconds(min_seconds: float, max_age: object) -> None:
    """max_age equal to min_seconds, or not a timedelta, is refused with a message naming it."""
    with pytest.raises(CheckError) as raised:
        FormToken(SECRET, min_seconds=min_seconds, max_age=max_age)  # type: ignore[arg-type]
    assert str(raised.value) == f"max_age must be a timedelta longer than min_seconds, not {max_age!r}"


def test_max_age_just_over_min_seconds_is_accepted() -> None:
    """The narrowest valid window, max_age one microsecond over min_seconds, is accepted."""
    assert FormToken(SECRET, min_seconds=60, max_age=timedelta(seconds=60, microseconds=1)).min_seconds == 60


@pytest.mark.parametrize("secret", ["", b"", None, 7])
def test_a_missing_secret_is_refused_with_a_message(secret: object) -> None:
    """An empty or non-str/bytes secret is refused with a message saying what is needed."""
    with pytest.raises(CheckError) as raised:
        FormToken(secret)  # type: ignore[arg-type]
    assert str(raised.value) == "the form token needs a non-empty site secret (str or bytes)"


@pytest.mark.parametrize("field", ["", None])
def test_a_missing_field_name_is_refused_with_a_message(field: object) -> None:
    """An empty or non-str hidden field name is refused with a message saying what is needed."""
    with pytest.raises(CheckError) as raised:
        FormToken(SECRET, field=field)  # type: ignore[arg-type]
    assert str(raised.value) == "the form token needs a hidden field name"


def test_issue_errors_say_what_was_wrong() -> None:
    """issue() names the wrong post id type, an empty post id and a naive clock in its errors."""
    token = FormToken(SECRET)
    with pytest.raises(TypeError) as wrong_type:
        token.issue(7, NOW)  # type: ignore[arg-type]
    assert str(wrong_type.value) == "post_id must be a str, not int"
    with pytest.raises(ValueError, match=r"^form tokens are issued for a post id; got an empty one$"):
        token.issue("  ", NOW)
    with pytest.raises(
        ValueError, match=r"^form tokens are issued at an aware datetime; check the guard's clock$"
    ):
        token.issue("plan", NOW.replace(tzinfo=None))


def test_a_used_token_is_recorded_under_a_fixed_digest() -> None:
    """once() keys a token by a fixed 128-bit digest, the same with whitespace around it.

    Stores keep these keys: a change would let every token recorded before an upgrade carry a
    second comment.
    """
    token = FormToken(SECRET)
    key, _ = token.once(PLAN_TOKEN_NOW)
    assert key == "c1c31b6acac27b647b57fbbb44a44729"  # computed once, never to change silently
    assert token.once(f" \t{PLAN_TOKEN_NOW}\n")[0] == key
    assert token.once(PLAN_TOKEN)[0] != key


@pytest.mark.parametrize("max_age", [timedelta(hours=24), timedelta(minutes=90)])
def test_a_used_token_is_remembered_until_it_expires(max_age: timedelta) -> None:
    """once() keeps a token's record until its issue time plus max_age, when verify() expires it."""
    assert FormToken(SECRET, max_age=max_age).once(PLAN_TOKEN_NOW)[1] == NOW + max_age
    assert FormToken(SECRET, max_age=max_age).once(PLAN_TOKEN)[1] == NOW + max_age


def test_a_value_that_is_no_token_gets_a_record_long_expired() -> None:
    """once() on a value that is not a token dates its record from the epoch, so it is never kept."""
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    assert FormToken(SECRET).once("garbage")[1] == epoch + timedelta(hours=24)


def test_a_replayed_token_holds_the_comment_never_rejects_it() -> None:
    """used() is a HOLD with reason token_used from the form_token check, no params."""
    verdict = FormToken(SECRET).used()
    assert verdict.action is Action.HOLD
    assert (verdict.reason.code, dict(verdict.reason.params), verdict.reason.check) == (
        "token_used",
        {},
        "form_token",
    )
