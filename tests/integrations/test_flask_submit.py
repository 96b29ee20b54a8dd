"""The Flask integration, commenter's side, through Flask's real test client: form, submit, proxies."""

from __future__ import annotations

import logging
from pathlib import Path

import flask
import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from commentguard import Status
from commentguard.integrations.flask import CommentGuardFlask

from ..web.html import attr, one, parse
from .flask_app import PAGE, make_app

VISITOR = {"REMOTE_ADDR": "203.0.113.7"}


def _fields(client: FlaskClient, path: str = "/posts/plan") -> dict[str, str]:
    """The hidden fields of the comment form on the page at ``path``."""
    page = parse(client.get(path, environ_base=VISITOR).get_data(as_text=True))
    return {attr(n, "name"): attr(n, "value") for n in page.css('form.cg-form input[type="hidden"]')}


def _comment(**fields: str) -> dict[str, str]:
    return {
        "author": "Anna",
        "email": "anna@example.se",
        "url": "",
        "content": "Tack <b>för</b> planen!",
        **fields,
    }


def test_post_page_renders_the_form_with_token_honeypot_and_notes() -> None:
    """The post page shows the comment form with its token, hidden honeypot and both promises."""
    app, _, _ = make_app()
    page = parse(app.test_client().get("/posts/plan").get_data(as_text=True))
    assert attr(one(page, "form.cg-form"), "action") == "/comments"
    assert attr(one(page, 'input[name="post_id"]'), "value") == "plan"
    assert attr(one(page, 'input[name="cg_token"]'), "value")
    assert "hidden" in one(page, ".cg-hp").attributes
    assert one(page, "#cg-email-note").text() == "Your email address will not be published."


def test_valid_comment_redirects_and_shows_awaiting_moderation_to_its_author_only() -> None:
    """A first comment is held: 303 to the post, the notice and the comment for its author only."""
    app, guard, clock = make_app()
    client = app.test_client()
    form = _fields(client)
    clock.advance()
    response = client.post("/comments", data={**form, **_comment()}, environ_base=VISITOR)
    assert response.status_code == 303
    assert response.headers["Location"] == "/posts/plan#comment-1"
    assert guard.get(1).status is Status.PENDING
    page = parse(client.get("/posts/plan").get_data(as_text=True))
    assert one(page, ".flash").text() == "Thank you! Your comment is awaiting moderation."
    assert one(page, "#comment-1 .cg-awaiting-notice").text() == "Your comment is awaiting moderation."
    assert one(page, "#comment-1 .cg-content").html == '<div class="cg-content">Tack <b>för</b> planen!</div>'
    other = parse(app.test_client().get("/posts/plan").get_data(as_text=True))
    assert other.css_first("#comment-1") is None
    assert "anna@example.se" not in (page.html or "")


def test_approved_comment_is_published_with_its_message() -> None:
    """After a moderator approved an author, their next comment is published and the page says so."""
    app, guard, clock = make_app()
    client = app.test_client()
    clock.advance()
    client.post("/comments", data={**_fields(client), **_comment()}, environ_base=VISITOR)
    guard.moderation.approve(1, expected_version=1, actor="lena")
    form = _fields(client)
    clock.advance()
    response = client.post("/comments", data={**form, **_comment(content="Igen")}, environ_base=VISITOR)
    assert response.headers["Location"] == "/posts/plan#comment-2"
    page = parse(client.get("/posts/plan").get_data(as_text=True))
    assert one(page, ".flash").text() == "Thank you! Your comment is published."
    assert [n.text() for n in page.css(".cg-content")] == ["Tack för planen!", "Igen"]


@pytest.mark.parametrize("render_post", [True, False])
def test_invalid_comment_shows_the_form_with_errors_and_values_kept(render_post: bool) -> None:
    """A failed submit answers 400 with every error under its field and the values re-filled."""
    app, guard, clock = make_app(render_post=render_post, locale="sv")
    client = app.test_client()
    form = _fields(client)
    clock.advance()
    response = client.post("/comments", data={**form, **_comment(email="anna@", content="")})
    assert response.status_code == 400
    page = parse(response.get_data(as_text=True))
    assert one(page, "#cg-email-error").text() == "Ange en giltig e-postadress."
    assert one(page, "#cg-content-error").text() == "Skriv din kommentartext."
    assert attr(one(page, "#cg-author"), "value") == "Anna"
    assert attr(one(page, "#cg-email"), "value") == "anna@"
    assert one(page, "#cg-form-errors") is not None
    assert guard.counts()[Status.PENDING] == 0


@pytest.mark.parametrize(
    ("extra", "spam"),
    [({"cg_hp": "http://spam.example"}, True), ({"cg_token": "forged"}, True), ({}, False)],
    ids=["honeypot", "forged-token", "clean"],
)
def test_honeypot_and_token_file_robots_as_spam_without_telling_them(
    extra: dict[str, str], spam: bool
) -> None:
    """A filled honeypot or a forged token is stored as spam, but the answer reads as for a held comment."""
    app, guard, clock = make_app()
    client = app.test_client()
    form = _fields(client)
    clock.advance()
    response = client.post("/comments", data={**form, **_comment(), **extra})
    assert response.status_code == 303
    assert (guard.get(1).status is Status.SPAM) is spam
    page = parse(client.get("/posts/plan").get_data(as_text=True))
    assert one(page, ".flash").text() == "Thank you! Your comment is awaiting moderation."


def test_token_sent_back_too_fast_is_spam() -> None:
    """A form posted within seconds of loading it (no clock advance) is filed as spam."""
    app, guard, _ = make_app()
    client = app.test_client()
    client.post("/comments", data={**_fields(client), **_comment()})
    assert guard.get(1).status is Status.SPAM


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "stored"),
    [
        ("10.0.0.2", "6.6.6.6, 198.51.100.23", "198.51.100.23"),  # trusted proxy: its hop counts
        ("203.0.113.9", "198.51.100.23", "203.0.113.9"),  # not a proxy: the header is ignored
        ("10.0.0.2", "<script>, 1.2.3", ""),  # garbage: unknown, stored without an IP, no 500
    ],
)
def test_client_ip_through_trusted_proxies_only(
    peer: str, forwarded_for: str, stored: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The stored IP is the forwarded one only behind a trusted proxy; garbage gives "" and a warning."""
    app, guard, clock = make_app()
    client = app.test_client()
    form = _fields(client)
    clock.advance()
    with caplog.at_level(logging.WARNING, logger="commentguard.request"):
        response = client.post(
            "/comments",
            data={**form, **_comment()},
            environ_base={"REMOTE_ADDR": peer},
            headers={"X-Forwarded-For": forwarded_for},
        )
    assert response.status_code == 303
    assert guard.get(1).ip == stored
    assert bool(caplog.records) is (stored == "")


def test_framework_csrf_field_is_ignored_and_a_repeated_field_refused() -> None:
    """Flask-WTF's csrf_token passes; an author sent twice is a 400 naming the field, not first-wins."""
    app, guard, clock = make_app()
    client = app.test_client()
    form = _fields(client)
    clock.advance()
    ok = client.post("/comments", data={**form, **_comment(), "csrf_token": "wtf"})
    assert ok.status_code == 303
    form = _fields(client)
    clock.advance()
    data = MultiDict([*{**form, **_comment()}.items(), ("author", "Mallory")])
    repeated = client.post("/comments", data=data)
    assert repeated.status_code == 400
    error = one(parse(repeated.get_data(as_text=True)), "#cg-author-error").text()
    assert error == "The form sent the field author more than once."
    assert sum(guard.counts().values()) == 1


def test_flood_is_refused_with_its_status_and_message() -> None:
    """A second comment from the same address within 15 s is 429 with the flood message over the form."""
    app, _, clock = make_app()
    client = app.test_client()
    form = _fields(client)
    clock.advance()
    client.post("/comments", data={**form, **_comment()}, environ_base=VISITOR)
    form = _fields(client)
    clock.advance(5)
    response = client.post("/comments", data={**form, **_comment(content="Igen")}, environ_base=VISITOR)
    assert response.status_code == 429
    assert "too quickly" in one(parse(response.get_data(as_text=True)), "#cg-form-errors").text()


@pytest.mark.parametrize(
    "body",
    [b"", b"post_id=%ff%fe&author=%00&content=\r\n", b"author=" + b"A" * 300_000, b"\xff\xfe\x00garbage"],
    ids=["empty", "bad-utf8-nul", "huge", "binary"],
)
def test_hostile_posts_get_a_clear_answer_not_a_500(body: bytes) -> None:
    """Empty, invalid UTF-8 with NUL, huge and binary bodies are answered 400 with the form, never 500."""
    app, _, _ = make_app()
    response = app.test_client().post(
        "/comments", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert parse(response.get_data(as_text=True)).css_first("form.cg-form") is not None


def test_reply_link_makes_a_reply_form_for_an_approved_comment() -> None:
    """?replytocom=ID of an approved comment names its author and sends parent_id; others are ignored."""
    app, guard, clock = make_app()
    client = app.test_client()
    clock.advance()
    client.post("/comments", data={**_fields(client), **_comment()}, environ_base=VISITOR)
    guard.moderation.approve(1, expected_version=1, actor="lena")
    page = parse(client.get("/posts/plan?replytocom=1").get_data(as_text=True))
    assert one(page, "#cg-form-heading").text() == "Leave a reply to Anna"
    assert attr(one(page, 'input[name="parent_id"]'), "value") == "1"
    assert _fields(client, "/posts/plan?replytocom=99")["parent_id"] == "0"
    assert _fields(client, "/posts/plan?replytocom=%00x")["parent_id"] == "0"


def test_extension_builds_its_guard_from_the_config(tmp_path: Path) -> None:
    """Without a guard, init_app builds one from app.config: SQLite file, locale, honeypot, signed token."""
    app = flask.Flask(__name__)
    app.config.update(SECRET_KEY="k", COMMENTGUARD_DATABASE=str(tmp_path / "c.db"), COMMENTGUARD_LOCALE="sv")
    extension = CommentGuardFlask()
    extension.init_app(app)
    app.add_url_rule(
        "/posts/<post_id>", "post", lambda post_id: flask.render_template_string(PAGE, post_id=post_id)
    )
    fields = _fields(app.test_client())
    assert {"cg_token", "post_id", "parent_id"} <= set(fields)
    assert extension.guard.settings.honeypot_field == "cg_hp"
    assert extension.guard.locale == "sv"
    assert (tmp_path / "c.db").exists()
    assert app.extensions["commentguard"] is extension


def test_a_moderators_own_comment_is_published_at_once() -> None:
    """When the moderator hook names the commenter, their first comment is approved, not held."""
    app, guard, clock = make_app()
    client = app.test_client()
    form = _fields(client)
    clock.advance()
    response = client.post("/comments", data={**form, **_comment()}, headers={"X-Moderator": "lena"})
    assert response.status_code == 303
    assert guard.get(1).status is Status.APPROVED
    assert [reason.code for reason in guard.store.reasons(1)] == ["moderator"]
