"""Personal data: export everything of one email, erase it as WordPress does, a page at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from commentguard import Comment, CommentGuard, Reason, RequestInfo, validate
from commentguard.privacy import erase_personal_data, export_personal_data
from commentguard.store import MemoryStore, SQLStore, Store
from tests.builders import new_comment

START = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The privacy tools hold over both built-in stores."""
    if request.param == "memory":
        yield MemoryStore()
    else:
        with SQLStore(f"sqlite:///{tmp_path / 'comments.db'}") as sql:
            yield sql


def add(store: Store, email: str, n: int, *, ip: str = "203.0.113.7") -> Comment:
    """Store comment number ``n`` by ``email``."""
    form = {"post_id": "plan", "author": f"Anna {n}", "email": email, "url": "https://anna.example",
            "content": f"Kommentar {n}"}  # fmt: skip
    request = RequestInfo(ip=ip, user_agent="Mozilla/5.0", user_id="u1")
    return store.add(new_comment(validate(form, request), now=START + timedelta(minutes=n)))


def test_export_gives_every_field_of_every_comment_of_that_email(store: Store) -> None:
    """Export finds the address in any case and includes the private fields: it is the person's data."""
    add(store, "anna@example.se", 1)
    add(store, "Anna@Example.se", 2)
    add(store, "bertil@example.se", 3)
    exported = list(export_personal_data(store, "ANNA@example.se"))
    assert [item["author"] for item in exported] == ["Anna 1", "Anna 2"]
    assert exported[0] == {**store.get(1).to_dict(), "reasons": []}
    assert {"email", "ip", "user_agent", "user_id", "content_raw", "status"} <= set(exported[0])
    assert exported[0]["ip"] == "203.0.113.7"


def test_export_carries_the_reasons_stored_with_each_comment(store: Store) -> None:
    """The export carries each comment's stored reasons: their params can hold the person's data."""
    form = {"post_id": "plan", "author": "Anna", "email": "anna@example.se", "content": "Hej"}
    comment = new_comment(validate(form, RequestInfo(ip="203.0.113.7")), now=START)
    hit = Reason("disallowed_word", {"word": "203.0.113.7", "field": "ip"}, check="disallowed_words")
    store.add(comment, reasons=[hit])
    [exported] = export_personal_data(store, "anna@example.se")
    assert exported["reasons"] == [hit.to_dict()]


def test_export_pages_through_large_histories(store: Store) -> None:
    """A page size smaller than the history still yields every comment exactly once, in id order."""
    for n in range(7):
        add(store, "anna@example.se", n)
    ids = [item["id"] for item in export_personal_data(store, "anna@example.se", page_size=3)]
    assert ids == list(range(1, 8))


def test_erase_is_wordpress_erase(store: Store) -> None:
    """Name becomes "Anonym", contact fields blank, IP anonymized, content kept, others untouched."""
    add(store, "anna@example.se", 1)
    add(store, "bertil@example.se", 2, ip="2001:db8:1:2:3:4:5:6")
    add(store, "anna@example.se", 3, ip="2001:db8:1:2:3:4:5:6")
    assert erase_personal_data(store, "anna@example.se", anonymous="Anonym", page_size=1) == 2
    first, other, third = store.get(1), store.get(2), store.get(3)
    assert (first.author, first.email, first.author_url, first.user_agent, first.user_id) == (
        "Anonym", "", "", "", None
    )  # fmt: skip
    assert (first.ip, third.ip) == ("203.0.113.0", "2001:db8:1::")
    assert first.content == "Kommentar 1"
    assert (other.email, other.ip) == ("bertil@example.se", "2001:db8:1:2:3:4:5:6")
    assert list(export_personal_data(store, "anna@example.se")) == []


def test_guard_exports_json_and_erases_in_its_language(tmp_path: Path) -> None:
    """The facade's export is a JSON document; its erase names the author in the guard's language."""
    store = MemoryStore()
    add(store, "anna@example.se", 1)
    guard = CommentGuard(store=store, locale="sv")
    document = json.loads(guard.admin.export_personal_data("anna@example.se"))
    assert document["email"] == "anna@example.se"
    assert [c["content_raw"] for c in document["comments"]] == ["Kommentar 1"]
    assert guard.admin.erase_personal_data("anna@example.se") == 1
    assert store.get(1).author == "Anonym"
    assert CommentGuard(store=MemoryStore(), locale="en").admin.erase_personal_data("x@example.se") == 0


@pytest.mark.parametrize(
    "email",
    [
        "",
        "   ",
        "\x00",
        "a\x00@example.se",
        "\ud800@example.se",
        "x" * 100_000,
        "%",
        "_@example.se",
        "' OR 1=1 --",
    ],
)
def test_hostile_emails_find_nothing_and_erase_nothing(store: Store, email: str) -> None:
    """Empty, NUL, surrogate, huge or SQL-wildcard addresses match no one, and raise nothing."""
    add(store, "anna@example.se", 1)
    assert list(export_personal_data(store, email)) == []
    assert erase_personal_data(store, email) == 0
    assert store.get(1).email == "anna@example.se"


@pytest.mark.parametrize("email", [None, 7, b"anna@example.se", ["anna@example.se"]])
def test_non_text_emails_are_type_errors(email: object) -> None:
    """An email that is not a str is a programming error, said plainly."""
    with pytest.raises(TypeError, match="email must be a str"):
        erase_personal_data(MemoryStore(), email)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="email must be a str"):
        list(export_personal_data(MemoryStore(), email))  # type: ignore[arg-type]


def test_a_store_without_admin_methods_is_refused() -> None:
    """A third-party store with only the required core cannot export or erase; it says so."""

    class CoreOnly:
        """Not an AdminStore."""

    with pytest.raises(TypeError, match="AdminStore"):
        erase_personal_data(CoreOnly(), "anna@example.se")  # type: ignore[arg-type]
