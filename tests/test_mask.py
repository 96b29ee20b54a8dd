"""No repr or str of a public type shows a commenter's email address, IP address or user agent."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

import commentguard
from commentguard import (
    WORDPRESS_POLICY,
    Action,
    CommentGuard,
    Draft,
    History,
    Label,
    Lesson,
    MemoryStore,
    NewComment,
    Page,
    ParentInfo,
    PostInfo,
    Reason,
    Rejected,
    RequestInfo,
    Status,
    Transition,
    ValidationFailed,
    Verdict,
    decide,
    sanitize,
    to_public,
    validate,
)
from commentguard._mask import mask_agent, mask_email, mask_ip, mask_text

EMAIL = "anna.lindqvist@example.se"
IP = "203.0.113.77"
IP6 = "2001:db8:85a3:42:1:2:3:4"
AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0"
NOW = datetime(2026, 5, 1, 12, tzinfo=timezone.utc)
# Any of these in a repr is a leak: the whole address, the local part, the last octet with the
# rest, and the distinctive parts of the user agent.
LEAKS = (EMAIL, "anna.lindqvist", IP, "113.77", IP6, "1:2:3:4", AGENT, "Gecko", "rv:131")


def _submission() -> commentguard.Submission:
    form = {"post_id": "7", "author": f"Anna {EMAIL}", "email": EMAIL, "url": "", "content": "Hej"}
    return validate(form, RequestInfo(ip=IP, user_agent=AGENT, user_id="u1"))


def _comment() -> NewComment:
    submission = _submission()
    return NewComment.from_submission(
        submission, sanitize(submission.content), policy_version=WORDPRESS_POLICY.version, created_at=NOW
    )


def _outcome() -> object:
    guard = CommentGuard(store=MemoryStore())
    form = {"post_id": "7", "author": EMAIL, "email": EMAIL, "content": "Hej"}
    return guard.submit(form, RequestInfo(ip=IP6, user_agent=AGENT))


def _rejected() -> Rejected:
    guard = CommentGuard(store=MemoryStore())
    form = {"post_id": "7", "author": EMAIL, "email": EMAIL, "content": "Hej"}
    guard.submit(form, RequestInfo(ip=IP, user_agent=AGENT))
    with pytest.raises(Rejected) as rejected:
        guard.submit(form, RequestInfo(ip=IP, user_agent=AGENT))
    return rejected.value


def _validation_failed() -> ValidationFailed:
    form = {"post_id": "7", "author": EMAIL, "email": f"{EMAIL}@", "content": "", "is_admin": AGENT}
    with pytest.raises(ValidationFailed) as failed:
        validate(form, RequestInfo(ip=IP, user_agent=AGENT))
    return failed.value


REASON = Reason("moderation_word", params={"word": IP, "also": EMAIL, "count": 2}, check="moderation_words")

# One instance of every public type that can hold a commenter's data, holding it.
INSTANCES: dict[str, Callable[[], object]] = {
    "RequestInfo": lambda: RequestInfo(ip=IP, user_agent=AGENT),
    "Submission": _submission,
    "NewComment": _comment,
    "Comment": lambda: _comment().stored(1, version=3),
    "Draft": lambda: Draft(submission=_submission(), comment=_comment()),
    "Outcome": _outcome,
    "PublicComment": lambda: to_public(_comment().stored(1)),
    "Page": lambda: Page(comments=[_comment().stored(1)], next_cursor=None),
    "Reason": lambda: REASON,
    "Verdict": lambda: Verdict(Action.HOLD, REASON),
    "Decision": lambda: decide([Verdict(Action.HOLD, REASON)]),
    "Transition": lambda: Transition(1, Status.PENDING, Status.SPAM, actor=EMAIL, at=NOW, note=f"from {IP6}"),
    "Rejected": _rejected,
    "ValidationFailed": _validation_failed,
    "FieldError": lambda: _validation_failed().errors[0],
    "CommentGuard": lambda: CommentGuard(store=MemoryStore()),
    "History": lambda: History(trusted=False, last_comment_at=NOW, duplicate_id=1, spam_count=0, parent=None),
    "ParentInfo": lambda: ParentInfo(id=1, post_id="7", status=Status.APPROVED, depth=1),
    "PostInfo": lambda: PostInfo(published_at=NOW),
    "Lesson": lambda: Lesson(Label.SPAM, (1, 2)),
}

# Public types that never hold a commenter's email, IP or user agent (configuration, checks,
# stores, protocols, enums, errors that carry only a text the library wrote).
NO_COMMENTER_DATA = {
    "Action", "Admin", "AdminStore", "Check", "CheckContext", "CheckError", "ClosedComments",
    "CommentGuardError", "DisallowedWords", "Duplicate", "ExitStatus", "Flood", "FormToken",
    "HoldAll", "Honeypot", "Label", "Learner", "LearningFilter", "LearningStore", "LinkLimit",
    "MemoryStore", "Moderation", "ModerationWords", "NotFound", "Policy", "PolicyError", "Replies",
    "SQLStore", "SafeHtml", "Settings", "SpamHistory", "Status", "Store", "StoreError", "TokenStats",
    "TrustedAuthor", "TrustedProxies", "VersionConflict", "AtomicStore",
}  # fmt: skip


def test_every_public_type_is_covered() -> None:
    """Each public class is either built with a commenter's data below, or listed as never holding any."""
    public = {name for name in commentguard.__all__ if isinstance(getattr(commentguard, name), type)}
    assert public == set(INSTANCES) | NO_COMMENTER_DATA


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_repr_and_str_mask_email_ip_and_user_agent(name: str) -> None:
    """repr() and str() of the type show none of the recognizable email, IP or user agent, nor a part."""
    value = INSTANCES[name]()
    assert type(value).__name__ == name
    for text in (repr(value), str(value)):
        leaked = [leak for leak in LEAKS if leak in text]
        assert not leaked, f"{name} shows {leaked}: {text}"


def test_masked_reprs_stay_recognisable() -> None:
    """The masks keep the domain, the network and the field names, so a log line is still useful."""
    text = repr(_submission())
    assert "a***@example.se" in text
    assert "203.0.113.***" in text
    assert "user_agent='***'" in text
    assert "Anna a***@example.se" in text
    assert "'2001:db8:85a3::***'" in repr(RequestInfo(ip=IP6))
    assert "user_agent=''" in repr(RequestInfo(ip=""))


def test_the_fields_themselves_are_untouched() -> None:
    """Masking is for display only: the model still holds the full values a moderator needs."""
    comment = _comment()
    assert (comment.email, comment.ip, comment.user_agent) == (EMAIL, IP, AGENT)
    assert dataclasses.replace(comment).email == EMAIL


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Anna <anna@example.se>", "Anna <a***@example.se>"),
        ("from ::1 and (10.0.0.1),", "from ::*** and (10.0.0.***),"),
        ("a@b@c", "a***@c"),
        ("@anna och 1.2.3", "@anna och 1.2.3"),
        ("", ""),
    ],
)
def test_mask_text(text: str, masked: str) -> None:
    """Email-like runs and IP addresses are masked, the punctuation around them kept; other text is not."""
    assert mask_text(text) == masked


def test_single_value_masks() -> None:
    """An unparsable IP, a bare local part or a user agent is masked whole; empty stays empty."""
    assert (mask_ip("not-an-ip"), mask_ip(""), mask_email("anna"), mask_email(""), mask_agent("")) == (
        "***",
        "",
        "***",
        "",
        "",
    )


@given(st.text(max_size=60), st.sampled_from([EMAIL, IP, IP6]), st.text(max_size=60))
def test_mask_text_never_shows_an_address_between_spaces(before: str, address: str, after: str) -> None:
    """An address standing between spaces in any text is never shown whole by mask_text."""
    assert address not in mask_text(f"{before} {address} {after}").split()


def test_mask_text_is_linear_on_hostile_text() -> None:
    """A 300,000-character text of near-addresses is masked without a pathological slowdown."""
    import time

    started = time.process_time()
    mask_text("a@" * 50_000 + "1.2.3.4 " * 20_000 + "x" * 100_000)
    assert time.process_time() - started < 2.0  # about 0.2 s; quadratic would be minutes
