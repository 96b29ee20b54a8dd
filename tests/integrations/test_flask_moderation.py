"""The moderation page through Flask's real test client: auth, CSRF, actions, conflicts, bulk, search."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from commentguard import CommentGuard, RequestInfo, Status

from ..web.html import attr, one, parse
from .flask_app import Clock, make_app

MODERATOR = {"X-Moderator": "lena"}


def _seed(guard: CommentGuard, clock: Clock, count: int = 3) -> None:
    """``count`` held first comments from different authors and addresses, sent as the form sends them."""
    for number in range(1, count + 1):
        token = guard.form_token("plan")
        clock.advance()
        form = {"post_id": "plan", "author": f"Skribent {number}", "email": f"s{number}@example.se",
                "content": f"Kommentar {number} <script>x()</script>", **token}  # fmt: skip
        assert guard.submit(form, RequestInfo(ip=f"203.0.113.{number}")).status is Status.PENDING


def _page(client: FlaskClient, path: str = "/moderation") -> TestResponse:
    response = client.get(path, headers=MODERATOR)
    assert response.status_code == 200
    return response


def _csrf(client: FlaskClient) -> str:
    return attr(one(parse(_page(client).get_data(as_text=True)), 'input[name="cg_csrf"]'), "value")


def _post(client: FlaskClient, data: dict[str, object], follow: bool = True) -> TestResponse:
    return client.post(
        "/moderation", data={"cg_csrf": _csrf(client), **data}, headers=MODERATOR, follow_redirects=follow
    )


@pytest.mark.parametrize(("challenge", "status"), [(None, 403), ('Basic realm="moderation"', 401)])
def test_moderation_is_refused_without_the_auth_hooks_yes(challenge: str | None, status: int) -> None:
    """Without the site's auth hook saying yes the page is 403, or 401 with the configured challenge."""
    app, guard, clock = make_app(challenge=challenge)
    _seed(guard, clock, 1)
    client = app.test_client()
    for response in (client.get("/moderation"), client.post("/moderation", data={"act": "approve:1:1"})):
        assert response.status_code == status
        assert "s1@example.se" not in response.get_data(as_text=True)
    assert response.headers.get("WWW-Authenticate") == challenge
    assert guard.get(1).status is Status.PENDING


def test_queue_shows_pending_newest_first_with_reasons_counts_and_sanitized_content() -> None:
    """The queue lists held comments newest first with author, email, IP, reason and the sanitized text."""
    app, guard, clock = make_app(locale="sv")
    _seed(guard, clock)
    page = parse(_page(app.test_client()).get_data(as_text=True))
    rows = page.css("tbody tr")
    assert [attr(r, "id") for r in rows] == ["cg-row-3", "cg-row-2", "cg-row-1"]
    first = rows[0]
    assert "s3@example.se" in first.text()
    assert "203.0.113.3" in first.text()
    assert one(first, ".cg-reasons").text() == "Första kommentaren från den här skribenten."
    assert one(first, ".cg-content").html == '<div class="cg-content">Kommentar 3 </div>'
    assert one(first, ".cg-actions button").text() == "Godkänn"
    assert one(page, 'a[aria-current="page"]').text() == "Väntande (3)"
    assert page.css("script") == []


def test_approve_publishes_and_a_stale_version_is_a_conflict_with_the_fresh_state() -> None:
    """Approving at the version seen publishes; the same button again shows the conflict and the fresh row."""
    app, guard, clock = make_app()
    _seed(guard, clock, 1)
    client = app.test_client()
    response = _post(client, {"act": "approve:1:1", "status": "pending"}, follow=False)
    assert response.status_code == 303
    assert guard.get(1).status is Status.APPROVED
    page = parse(client.get(response.headers["Location"], headers=MODERATOR).get_data(as_text=True))
    assert one(page, ".cg-flash").text() == "Comments changed: 1."
    stale = parse(_post(client, {"act": "spam:1:1"}).get_data(as_text=True))
    assert (
        one(stale, "#cg-conflict-heading").text()
        == "Someone else changed this comment. This is how it looks now."
    )
    fresh = one(stale, ".cg-conflicts tr#cg-row-1")
    assert "Approved" in fresh.text()
    assert attr(one(fresh, 'input[name="selected"]'), "value") == "1:2"
    assert guard.get(1).status is Status.APPROVED


def test_every_action_moves_the_comment() -> None:
    """Spam, restore, trash, restore and delete each do what their button says, at the version seen."""
    app, guard, clock = make_app()
    _seed(guard, clock, 1)
    client = app.test_client()
    for action, version, status in [("spam", 1, Status.SPAM), ("restore", 2, Status.PENDING),
                                    ("trash", 3, Status.TRASH), ("restore", 4, Status.PENDING)]:  # fmt: skip
        _post(client, {"act": f"{action}:1:{version}"})
        assert guard.get(1).status is status
    _post(client, {"act": "delete:1:5"})
    assert sum(guard.counts().values()) == 0


def test_bulk_action_changes_the_selected_and_reports_conflicts_per_comment() -> None:
    """A bulk approve changes every selected comment at the version seen; a stale one is a conflict."""
    app, guard, clock = make_app()
    _seed(guard, clock)
    client = app.test_client()
    guard.moderation.trash(2, expected_version=1, actor="someone-else")
    page = parse(
        _post(client, {"act": "bulk", "bulk": "approve", "selected": ["1:1", "2:1", "3:1", "x:y"]}).get_data(
            as_text=True
        )
    )
    assert [guard.get(i).status for i in (1, 2, 3)] == [Status.APPROVED, Status.TRASH, Status.APPROVED]
    assert one(page, ".cg-flash").text() == "Comments changed: 2."
    assert [attr(r, "id") for r in page.css(".cg-conflicts tbody tr")] == ["cg-row-2"]
    assert one(page, 'a[aria-current="page"]').text() == "Pending (0)"
    nothing = parse(_post(client, {"act": "bulk", "bulk": "approve"}).get_data(as_text=True))
    assert one(nothing, ".cg-flash").text() == "Select at least one comment."


def test_search_by_email_ip_or_name_goes_in_the_body_not_the_url() -> None:
    """Searching by email, IP or part of a name finds the comments; the query never appears in a URL."""
    app, guard, clock = make_app()
    _seed(guard, clock)
    client = app.test_client()
    for query, found in [("s2@example.se", ["cg-row-2"]), ("203.0.113.3", ["cg-row-3"]),
                         ("skribent", ["cg-row-3", "cg-row-2", "cg-row-1"]), ("nobody", [])]:  # fmt: skip
        response = _post(client, {"act": "search", "q": query})
        page = parse(response.get_data(as_text=True))
        assert [attr(r, "id") for r in page.css("tbody tr")] == found
        assert response.request.path == "/moderation"
        urls = [attr(n, "href") for n in page.css("a")] + [attr(n, "action") for n in page.css("form")]
        assert all(query not in url and "@" not in url and "203.0.113" not in url for url in urls)


def test_a_post_without_the_csrf_token_changes_nothing() -> None:
    """A moderation POST with a missing or wrong CSRF token is refused with 400 and the comment stays."""
    app, guard, clock = make_app()
    _seed(guard, clock, 1)
    client = app.test_client()
    _page(client)
    for token in (None, "forged"):
        data = {"act": "approve:1:1", **({"cg_csrf": token} if token else {})}
        response = client.post("/moderation", data=data, headers=MODERATOR)
        assert response.status_code == 400
        assert "The form had expired" in response.get_data(as_text=True)
    assert guard.get(1).status is Status.PENDING


@pytest.mark.parametrize(
    "act",
    ["approve", "approve:1", "approve:-1:1", "approve:1:99999999999999999999999", "explode:1:1", "\x00"],
)
def test_malformed_buttons_change_nothing_and_never_raise(act: str) -> None:
    """A hand-made button value is answered with the page and a notice, never a 500, and nothing moves."""
    app, guard, clock = make_app()
    _seed(guard, clock, 1)
    response = _post(app.test_client(), {"act": act})
    assert response.status_code == 200
    assert guard.get(1).status is Status.PENDING


def test_pages_follow_the_cursor_and_ignore_a_forged_one() -> None:
    """Paging follows the opaque cursor in the URL; a forged cursor shows the first page, not a 500."""
    app, guard, clock = make_app()
    app.extensions["commentguard"].page_size = 2
    _seed(guard, clock)
    client = app.test_client()
    page = parse(_page(client).get_data(as_text=True))
    following = attr(one(page, 'a[rel="next"]'), "href")
    second = parse(_page(client, following).get_data(as_text=True))
    assert [attr(r, "id") for r in second.css("tbody tr")] == ["cg-row-1"]
    forged = parse(_page(client, "/moderation?status=pending&cursor=%00nonsense").get_data(as_text=True))
    assert len(forged.css("tbody tr")) == 2
    everything = parse(_page(client, "/moderation?status=all").get_data(as_text=True))
    assert len(everything.css("tbody tr")) == 2


@pytest.mark.parametrize(
    ("query", "found"),
    [("", 3), ("\x00", 0), ("\r\n", 3), ("ä" * 100_000, 0), ("203.0.113.", 3), ("::", 0), ("\ud800", 0)],
    ids=["empty", "nul", "crlf", "huge", "ip-prefix", "ipv6-prefix", "lone-surrogate"],
)
def test_hostile_searches_answer_with_a_page(query: str, found: int) -> None:
    """Empty, NUL, CR/LF, huge, partial-address and unencodable queries give a page, never a 500."""
    app, guard, clock = make_app()
    _seed(guard, clock)
    response = _post(app.test_client(), {"act": "search", "q": query.encode("utf-8", "surrogatepass")})
    assert response.status_code == 200
    assert len(parse(response.get_data(as_text=True)).css("tbody tr")) == found
