"""A small Flask blog wired to commentguard, as a site would write it, for the integration tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import flask

from commentguard import CommentGuard, MemoryStore
from commentguard.integrations.flask import CommentGuardFlask
from commentguard.web import web_settings

PAGE = """<!doctype html><html><body>
<article><h1>Planen</h1></article>
{% for message in get_flashed_messages() %}<p class="flash">{{ message }}</p>{% endfor %}
{% from "commentguard/thread.html" import comment_thread %}{{ comment_thread(commentguard.thread(post_id)) }}
{% from "commentguard/form.html" import comment_form %}{{ comment_form(commentguard.form(post_id)) }}
</body></html>"""


@dataclass
class Clock:
    """A clock the test moves by hand, so form tokens are old enough without sleeping."""

    now: datetime = field(default_factory=lambda: datetime(2026, 5, 1, 12, tzinfo=timezone.utc))

    def __call__(self) -> datetime:
        """The current (test) time."""
        return self.now

    def advance(self, seconds: float = 30) -> None:
        """Move time forward."""
        self.now += timedelta(seconds=seconds)


def make_app(*, render_post: bool = True, challenge: str | None = None, locale: str = "en") -> tuple[
    flask.Flask, CommentGuard, Clock
]:  # fmt: skip
    """The blog app, its guard (memory store, honeypot, form token) and the guard's clock."""
    clock = Clock()
    guard = CommentGuard(
        store=MemoryStore(), settings=web_settings(), secret="site-secret", clock=clock, locale=locale
    )
    app = flask.Flask(__name__)
    app.config.update(
        SECRET_KEY="test-key",
        COMMENTGUARD_LOCALE=locale,
        COMMENTGUARD_TRUSTED_PROXIES=["10.0.0.0/8"],
        COMMENTGUARD_AUTH_CHALLENGE=challenge,
    )

    def post(post_id: str) -> str:
        return flask.render_template_string(PAGE, post_id=post_id)

    app.add_url_rule("/posts/<post_id>", "post", post)
    CommentGuardFlask(
        app,
        guard=guard,
        render_post=post if render_post else None,
        moderator=lambda request: "lena" if request.headers.get("X-Moderator") == "lena" else None,
    )
    return app, guard, clock
