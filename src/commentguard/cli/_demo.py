"""``demo``: a small blog with one post, its comments and the moderation page, served locally.

What a new user runs first to see the whole path in a browser: the form generated from the
policy, a held first comment, the moderation page behind HTTP Basic auth (user ``moderator``,
password from ``COMMENTGUARD_DEMO_PASSWORD``, or a generated one printed at start when bound to
loopback), and the approved comment on the post, sanitized. Flask is the ``[demo]`` extra,
imported only when the command runs.
"""

from __future__ import annotations

import argparse
import hmac
import ipaddress
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from commentguard import LOCALES, CommentGuard, ExitStatus, PostInfo, SQLStore
from commentguard.cli._io import write

if TYPE_CHECKING:
    import flask

PASSWORD_VARIABLE = "COMMENTGUARD_DEMO_PASSWORD"  # noqa: S105 - the name of the variable, not a password
USER = "moderator"
FRAMEWORKS = ("flask",)  # Django and FastAPI join when their integrations land
SLUG = "barnplan"
TITLE = "Så planerar kommunen för barnens trygghet"
PUBLISHED = "2026-05-01"

PAGE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<link rel="stylesheet" href="{{ url_for('commentguard.style') }}">
</head>
<body>
<main>
<article class="post">
<h1>{{ title }}</h1>
<p><time datetime="{{ published }}">{{ published }}</time></p>
<p>Under våren har socialnämnden arbetat fram en ny plan för den sociala barn- och
ungdomsvården. Planen beskriver hur kommunen tar emot orosanmälningar, hur snabbt en
utredning ska inledas och hur skolan, förskolan och socialtjänsten ska samverka kring barn
som behöver stöd.</p>
<p>Nytt är att varje barn i en utredning ska få en egen kontaktperson, och att familjer
ska få besked om beslut inom fyra månader. Planen ska följas upp varje år och resultaten
redovisas öppet på kommunens webbplats.</p>
<p>Vad tycker du? Saknas något i planen? Skriv gärna en kommentar nedan.</p>
</article>
{% for message in get_flashed_messages() %}<p class="cg-flash" role="status">{{ message }}</p>{% endfor %}
{% from "commentguard/thread.html" import comment_thread %}{{ comment_thread(commentguard.thread(slug)) }}
{% from "commentguard/form.html" import comment_form -%}
{{ comment_form(commentguard.form(slug), cancel_url=url_for("post", slug=slug) ~ "#respond") }}
</main>
</body>
</html>"""

# No script at all on the demo's pages: a script that runs is an injection, and is reported.
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; report-uri /csp-report"
)


def add_demo_command(commands: Any) -> None:
    """Register ``commentguard demo`` on the command line's subparsers."""
    demo = commands.add_parser(
        "demo",
        help="serve a demo blog with one post, its comment form and the moderation page",
        description=f"Serve a demo blog. The moderation page (/moderation) takes user {USER!r} and the "
        f"password in ${PASSWORD_VARIABLE}; without it the demo starts only on 127.0.0.1 and prints one.",
    )
    demo.add_argument(
        "--db", required=True, metavar="FILE", help="the SQLite comment database (created if missing)"
    )
    demo.add_argument(
        "--framework", choices=FRAMEWORKS, default="flask", help="the web framework (default: flask)"
    )
    demo.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    demo.add_argument("--port", type=int, default=8000, help="the port (default: 8000; 0 picks a free one)")
    demo.add_argument("--lang", choices=LOCALES, default="sv", help="the blog's language (default: sv)")
    demo.set_defaults(run=command_demo, database=True)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def command_demo(args: argparse.Namespace, out: TextIO) -> int:
    """Start the demo server; return when it is stopped (Ctrl-C)."""
    if not 0 <= args.port <= 65535:
        raise ValueError(f"--port must be 0..65535, not {args.port}")
    password = os.environ.get(PASSWORD_VARIABLE, "")
    if not password and not _loopback(args.host):
        raise ValueError(
            f"set {PASSWORD_VARIABLE} to serve the demo on {args.host} (only 127.0.0.1 may go without)"
        )
    try:
        from werkzeug.serving import make_server

        app = build_app(Path(args.db), password=password or secrets.token_urlsafe(12), lang=args.lang)
    except ImportError as exc:
        raise ValueError("the demo needs Flask: pip install 'commentguard[demo]'") from exc
    if not password:
        write(out, f"moderator password (user {USER!r}): {app.config['COMMENTGUARD_DEMO_PASSWORD']}")
    try:
        server = make_server(args.host, args.port, app, threaded=True)
    except OSError as exc:
        raise ValueError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    host = f"[{args.host}]" if ":" in args.host else args.host
    write(out, f"serving the demo blog at http://{host}:{server.server_port}/  (Ctrl-C stops it)")
    out.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return ExitStatus.OK


def build_app(db: Path, *, password: str, lang: str = "sv") -> flask.Flask:
    """The demo blog as a Flask app on the SQLite file ``db``; ``password`` guards /moderation."""
    import flask

    from commentguard.integrations.flask import CommentGuardFlask
    from commentguard.web import web_settings

    secret = secrets.token_urlsafe(32)
    app = flask.Flask("commentguard_demo")
    app.config.update(
        SECRET_KEY=secret,
        COMMENTGUARD_LOCALE=lang,
        COMMENTGUARD_AUTH_CHALLENGE='Basic realm="commentguard demo", charset="UTF-8"',
        COMMENTGUARD_DEMO_PASSWORD=password,
    )
    post_info = PostInfo(comments_open=True)
    guard = CommentGuard(
        store=SQLStore(f"sqlite:///{db}"),
        settings=web_settings(),
        locale=lang,
        secret=secret,
        posts=lambda post_id: post_info if post_id == SLUG else None,
    )

    def moderator(request: flask.Request) -> str | None:
        auth = request.authorization
        if auth is None or auth.type != "basic" or auth.username != USER:
            return None
        given = (auth.password or "").encode("utf-8", "surrogatepass")
        return USER if hmac.compare_digest(given, password.encode("utf-8")) else None

    def post(slug: str) -> str:
        if slug != SLUG:
            flask.abort(404)
        return flask.render_template_string(PAGE, lang=lang, title=TITLE, published=PUBLISHED, slug=slug)

    app.add_url_rule("/", "home", lambda: flask.redirect(flask.url_for("post", slug=SLUG)))
    app.add_url_rule("/posts/<slug>", "post", post)
    app.add_url_rule("/csp-report", "csp_report", _csp_report, methods=["POST"])
    app.after_request(_headers)
    CommentGuardFlask(
        app,
        guard=guard,
        post_url=lambda slug: flask.url_for("post", slug=slug),
        render_post=post,
        moderator=moderator,
    )
    return app


def _csp_report() -> tuple[str, int]:
    import flask

    flask.current_app.logger.warning("CSP report: %s", flask.request.get_data(as_text=True)[:2000])
    return "", 204


def _headers(response: flask.Response) -> flask.Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
