"""commentguard in a Flask blog: the submit endpoint, the form and thread helpers, the moderation page.

``pip install 'commentguard[flask]'``. One extension object, set up from ``app.config``::

    from flask import Flask
    from commentguard.integrations.flask import CommentGuardFlask

    app = Flask(__name__)
    app.config.update(SECRET_KEY="...", COMMENTGUARD_DATABASE="sqlite:///comments.db",
                      COMMENTGUARD_LOCALE="sv", COMMENTGUARD_TRUSTED_PROXIES=["127.0.0.1"])
    comments = CommentGuardFlask(app, post_url=lambda post_id: f"/posts/{post_id}",
                                 moderator=lambda request: "lena" if is_moderator(request) else None)

Templates then show ``{{ comment_thread(commentguard.thread(post.id)) }}`` and
``{{ comment_form(commentguard.form(post.id)) }}`` (macros from ``commentguard/thread.html``
and ``commentguard/form.html``). Settings, hooks and the moderation page: ``docs/integrations.md``.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

try:
    import flask
    from werkzeug.wrappers import Response
except ImportError as exc:  # pragma: no cover - the tests install the extra
    raise ImportError(
        "commentguard.integrations.flask needs Flask: pip install 'commentguard[flask]'"
    ) from exc

from commentguard import (
    CommentGuard,
    FieldError,
    MemoryStore,
    NotFound,
    Rejected,
    RequestInfo,
    Status,
    StoreError,
    TrustedProxies,
    ValidationFailed,
    request_from_wsgi,
    to_public,
)
from commentguard.web import (
    TEMPLATES,
    ActionResult,
    CommentForm,
    Thread,
    apply_action,
    build_thread,
    comment_form,
    moderation_page,
    parse_targets,
    web_settings,
    words,
)

__all__ = ["CommentGuardFlask"]

_log = logging.getLogger("commentguard.integrations.flask")
_HELD = "commentguard_held"  # session: ids of the visitor's own comments awaiting moderation
_CSRF = "commentguard_csrf"  # session: the moderation page's CSRF token
_OUTCOME = "commentguard_outcome"  # session: what the last moderation POST did, for the redirect
_CSRF_FIELD = "cg_csrf"
_MAX_HELD = 10
_STATUSES = {s.value: s for s in Status}


class CommentGuardFlask:
    """The Flask extension: ``CommentGuardFlask(app, ...)`` or ``ext.init_app(app)`` later.

    Args:
        app: the Flask app, or ``None`` to call :meth:`init_app` later.
        guard: the site's :class:`~commentguard.CommentGuard`; built from ``app.config`` when
            omitted (``COMMENTGUARD_DATABASE``, ``COMMENTGUARD_LOCALE``, ``COMMENTGUARD_SECRET``),
            with the honeypot on and the form token signed by the secret.
        post_url: ``post_id -> URL`` of the post page, where a submit redirects; by default
            ``COMMENTGUARD_POST_URL`` (``"/posts/{post_id}"``) with the id quoted.
        render_post: ``post_id -> response`` showing the post, called after a failed submit
            to show the form with its errors (status 400, or the rejection's); without it a
            page of its own shows the form.
        moderator: ``request -> actor name or None``: who may moderate. Without it nobody may.
            A moderator's own comment is published at once and never rate-limited.
        user_id: ``request -> the logged-in user's id or None``, stored with each comment.

    """

    def __init__(
        self,
        app: flask.Flask | None = None,
        *,
        guard: CommentGuard | None = None,
        post_url: Callable[[str], str] | None = None,
        render_post: Callable[[str], Any] | None = None,
        moderator: Callable[[flask.Request], str | None] | None = None,
        user_id: Callable[[flask.Request], str | None] | None = None,
    ) -> None:
        self._guard = guard
        self._post_url = post_url
        self._render_post = render_post
        self._moderator = moderator
        self._user_id = user_id
        if app is not None:
            self.init_app(app)

    def init_app(self, app: flask.Flask) -> None:
        """Read the settings from ``app.config``, register the blueprint and the template helpers.

        Raises:
            ValueError: a setting is malformed (a trusted proxy, the locale).

        """
        config = app.config
        self.locale = words.language(config.get("COMMENTGUARD_LOCALE", "en"))
        self.proxies = TrustedProxies(config.get("COMMENTGUARD_TRUSTED_PROXIES", ()))
        self.depth: int = config.get("COMMENTGUARD_THREAD_DEPTH", 5)
        self.page_size: int = config.get("COMMENTGUARD_PAGE_SIZE", 20)
        self.challenge: str | None = config.get("COMMENTGUARD_AUTH_CHALLENGE")
        self.secret = config.get("COMMENTGUARD_SECRET") or app.secret_key
        if self._guard is None:
            self._guard = self._build_guard(config)
        app.extensions["commentguard"] = self
        app.register_blueprint(self._blueprint(config))
        app.jinja_env.globals["commentguard"] = self

    def _build_guard(self, config: Mapping[str, Any]) -> CommentGuard:
        database = config.get("COMMENTGUARD_DATABASE")
        if database:
            from commentguard import SQLStore

            url = database if "://" in database else f"sqlite:///{database}"
            store: Any = SQLStore(url)
        else:
            store = MemoryStore()
        secret = self.secret if isinstance(self.secret, (str, bytes)) and self.secret else None
        return CommentGuard(store=store, settings=web_settings(), locale=self.locale, secret=secret)

    @property
    def guard(self) -> CommentGuard:
        """The guard in use (given, or built from the config by :meth:`init_app`)."""
        if self._guard is None:
            raise RuntimeError("CommentGuardFlask has no app yet: call init_app(app)")
        return self._guard

    def _blueprint(self, config: Mapping[str, Any]) -> flask.Blueprint:
        blueprint = flask.Blueprint("commentguard", __name__, template_folder=str(TEMPLATES))
        blueprint.add_url_rule(
            config.get("COMMENTGUARD_SUBMIT_URL", "/comments"), "submit", self._submit, methods=["POST"]
        )
        blueprint.add_url_rule(
            config.get("COMMENTGUARD_MODERATION_URL", "/moderation"),
            "moderation",
            self._moderation,
            methods=["GET", "POST"],
        )
        blueprint.add_url_rule("/commentguard/style.css", "style", self._style)
        return blueprint

    # -- the commenter's side -----------------------------------------------------------

    def form(self, post_id: str) -> CommentForm:
        """The comment form for ``post_id``: after a failed submit, with its values and errors.

        A ``?replytocom=ID`` naming an approved comment of this post makes it a reply form.
        """
        failed = flask.g.get("commentguard_failed")
        parent_id, parent_author = self._reply_target(post_id)
        kwargs: dict[str, Any] = {}
        if failed is not None and failed[0] == post_id:
            _, values, errors, message = failed
            kwargs = {"values": values, "errors": errors, "message": message}
            parent_id = parent_id or _int(values.get("parent_id"))
        return comment_form(
            self.guard,
            post_id,
            action=flask.url_for("commentguard.submit"),
            parent_id=parent_id,
            parent_author=parent_author,
            locale=self.locale,
            **kwargs,
        )

    def thread(self, post_id: str) -> Thread:
        """The approved comments of ``post_id``, nested, with this visitor's held comments marked."""
        held = []
        for comment_id in flask.session.get(_HELD, []):
            try:
                comment = self.guard.get(comment_id)
            except (NotFound, TypeError, ValueError):
                continue
            if comment.post_id == post_id and comment.status is Status.PENDING:
                held.append(to_public(comment, avatar_secret=self._avatar_secret()))
        comments = self.guard.public_comments(post_id)
        return build_thread(comments, held=held, max_depth=self.depth, locale=self.locale)

    def _avatar_secret(self) -> str | bytes | None:
        return self.secret if isinstance(self.secret, (str, bytes)) and self.secret else None

    def _reply_target(self, post_id: str) -> tuple[int | None, str | None]:
        parent_id = _int(flask.request.args.get("replytocom"))
        if parent_id is None:
            return None, None
        for comment in self.guard.public_comments(post_id):
            if comment.id == parent_id:
                return parent_id, comment.author
        return None, None

    def _submit(self) -> Any:
        form = flask.request.form
        post_id = form.get("post_id", "")
        try:
            outcome = self.guard.submit(form, self._request_info())
        except ValidationFailed as failed:
            return self._failed(post_id, failed.errors, None, 400)
        except Rejected as rejected:
            return self._failed(post_id, (), rejected.message, rejected.code)
        except StoreError:
            _log.exception("the comment could not be stored")
            return self._failed(post_id, (), words.text(words.NOT_SAVED, self.locale), 503)
        comment = outcome.comment
        if outcome.status is Status.APPROVED:
            flask.flash(words.text(words.PUBLISHED, self.locale), "commentguard")
        else:  # held or filed as spam: a robot learns nothing from the answer
            flask.flash(words.text(words.HELD, self.locale), "commentguard")
        if outcome.status is Status.PENDING:
            held = [i for i in flask.session.get(_HELD, []) if isinstance(i, int)]
            flask.session[_HELD] = [*held, comment.id][-_MAX_HELD:]
        anchor = f"#comment-{comment.id}" if outcome.status is not Status.SPAM else "#comments"
        return flask.redirect(self._url_of(post_id) + anchor, code=303)

    def _request_info(self) -> RequestInfo:
        user = self._user_id(flask.request) if self._user_id else None
        moderator = bool(self._moderator(flask.request)) if self._moderator else False
        return request_from_wsgi(
            flask.request.environ, trusted_proxies=self.proxies, user_id=user, is_moderator=moderator
        )

    def _url_of(self, post_id: str) -> str:
        if self._post_url is not None:
            return self._post_url(post_id)
        pattern: str = flask.current_app.config.get("COMMENTGUARD_POST_URL", "/posts/{post_id}")
        return pattern.format(post_id=quote(post_id, safe=""))

    def _failed(self, post_id: str, errors: Sequence[FieldError], message: str | None, status: int) -> Any:
        fields = ("author", "email", "url", "content", "parent_id")
        values = {name: flask.request.form.get(name, "") for name in fields}
        flask.g.commentguard_failed = (post_id, values, tuple(errors), message)
        if self._render_post is not None and post_id.strip():
            response = flask.make_response(self._render_post(post_id))
        else:
            page = flask.render_template(
                "commentguard/page.html",
                form=self.form(post_id.strip() or "-"),
                title=words.text(words.LEAVE_COMMENT, self.locale),
                back_url=self._url_of(post_id) if post_id.strip() else "",
            )
            response = flask.make_response(page)
        response.status_code = status
        return response

    # -- the moderator's side -----------------------------------------------------------

    def _style(self) -> Response:
        return flask.send_from_directory(TEMPLATES / "commentguard", "style.css")

    def _moderation(self) -> Any:
        actor = self._moderator(flask.request) if self._moderator else None
        if not actor:
            return self._refuse()
        if flask.request.method == "POST":
            if not self._csrf_ok():
                return self._show(ActionResult(error=words.EXPIRED), status=400)
            return self._act(actor)
        outcome = flask.session.pop(_OUTCOME, None)
        return self._show(_result(outcome) if isinstance(outcome, dict) else None)

    def _refuse(self) -> Response:
        text = words.text(words.NOT_ALLOWED, self.locale)
        response = flask.make_response(text, 401 if self.challenge else 403)
        if self.challenge:
            response.headers["WWW-Authenticate"] = self.challenge
        response.headers["Cache-Control"] = "no-store"
        return response

    def _csrf_ok(self) -> bool:
        expected = flask.session.get(_CSRF)
        sent = flask.request.form.get(_CSRF_FIELD, "")
        return isinstance(expected, str) and bool(expected) and hmac.compare_digest(expected, sent)

    def _act(self, actor: str) -> Any:
        form = flask.request.form
        pressed = form.get("act", "")
        if pressed == "search":
            return self._show(None, query=form.get("q", ""))
        if pressed == "bulk":
            action, targets = form.get("bulk", ""), parse_targets(form.getlist("selected"))
        else:
            action, _, token = pressed.partition(":")
            targets = parse_targets([token])
        outcome = apply_action(self.guard, action, targets, actor=actor)
        flask.session[_OUTCOME] = {
            "changed": outcome.changed, "conflicts": list(outcome.conflicts),
            "gone": list(outcome.gone), "error": outcome.error,
        }  # fmt: skip
        status = form.get("status", "pending")
        return flask.redirect(self._status_url(status if status in _STATUSES else "pending"), code=303)

    def _status_url(self, status: str, cursor: str | None = None) -> str:
        if cursor:
            return flask.url_for("commentguard.moderation", status=status, cursor=cursor)
        return flask.url_for("commentguard.moderation", status=status)

    def _show(self, outcome: ActionResult | None, *, query: str = "", status: int = 200) -> Response:
        args = flask.request.args
        wanted = args.get("status", "pending")
        page = moderation_page(
            self.guard,
            status=_STATUSES.get(wanted, None if wanted == "all" else Status.PENDING),
            cursor=args.get("cursor") or None,
            query=query,
            outcome=outcome,
            limit=self.page_size,
            locale=self.locale,
        )
        token = flask.session.get(_CSRF)
        if not isinstance(token, str) or not token:
            token = flask.session[_CSRF] = secrets.token_urlsafe(32)
        html = flask.render_template(
            "commentguard/moderation.html",
            page=page,
            words=words,
            action_url=flask.url_for("commentguard.moderation"),
            status_url=self._status_url,
            csrf_field=_CSRF_FIELD,
            csrf_token=token,
            stylesheet=flask.url_for("commentguard.style"),
        )
        response = flask.make_response(html, status)
        response.headers["Cache-Control"] = "no-store"  # personal data: never in a shared cache
        response.headers["Referrer-Policy"] = "no-referrer"
        return response


def _result(saved: Mapping[str, Any]) -> ActionResult:
    def ids(key: str) -> tuple[int, ...]:
        value = saved.get(key)
        return tuple(i for i in value if isinstance(i, int)) if isinstance(value, list) else ()

    changed = saved.get("changed")
    error = saved.get("error")
    return ActionResult(
        changed if isinstance(changed, int) else 0,
        ids("conflicts"),
        ids("gone"),
        error if isinstance(error, str) else None,
    )


def _int(value: object) -> int | None:
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdecimal() and 0 < int(text) < 2**63:
        return int(text)
    return None
