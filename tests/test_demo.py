"""``commentguard demo``: the demo blog, in its app and as the real server process."""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from commentguard import CommentGuard, RequestInfo, SQLStore, Status
from commentguard.cli._demo import build_app

from .demo_server import running_demo
from .test_cli import assert_one_line_error, run
from .web.html import attr, one, parse


def _basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


@pytest.mark.parametrize(("lang", "approve"), [("sv", "Godkänn"), ("en", "Approve")])
def test_demo_blog_moderation_behind_basic_auth(tmp_path: Path, lang: str, approve: str) -> None:
    """The post and form show; /moderation wants the password; its approve button reads in --lang."""
    app = build_app(tmp_path / "demo.db", password="hemligt", lang=lang)
    client = app.test_client()
    page = parse(client.get("/posts/barnplan").get_data(as_text=True))
    assert "socialnämnden" in one(page, "article.post").text()
    assert "script-src 'none'" in client.get("/posts/barnplan").headers["Content-Security-Policy"]
    assert client.get("/posts/other").status_code == 404
    refused = client.get("/moderation")
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Basic")
    assert client.get("/moderation", headers=_basic("moderator", "fel")).status_code == 401
    assert client.get("/moderation", headers=_basic("admin", "hemligt")).status_code == 401
    store = SQLStore(f"sqlite:///{tmp_path / 'demo.db'}")
    form = {"post_id": "barnplan", "author": "Anna", "email": "anna@example.se", "content": "Bra plan!"}
    CommentGuard(store=store).submit(form, RequestInfo(ip="203.0.113.7"))
    queue = parse(client.get("/moderation", headers=_basic("moderator", "hemligt")).get_data(as_text=True))
    assert one(queue, "#cg-row-1 .cg-actions button").text() == approve
    assert store.get(1).status is Status.PENDING


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "example.se"])  # noqa: S104 - the refused case
def test_demo_refuses_a_public_address_without_a_password(tmp_path: Path, host: str) -> None:
    """Without COMMENTGUARD_DEMO_PASSWORD the demo will not listen beyond loopback: one-line usage error."""
    result = run("demo", "--db", str(tmp_path / "d.db"), "--host", host)
    assert_one_line_error(result, 2)
    assert "COMMENTGUARD_DEMO_PASSWORD" in result.stderr
    assert not (tmp_path / "d.db").exists()


@pytest.mark.parametrize("args", [("--framework", "django"), ("--lang", "de"), ("--port", "70000"), ()])
def test_demo_usage_errors(tmp_path: Path, args: tuple[str, ...]) -> None:
    """An unknown framework or language, a bad port or no --db is a usage error (2), never a traceback."""
    db = () if not args else ("--db", str(tmp_path / "d.db"))
    result = run("demo", *db, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_real_demo_process_serves_the_post_and_prints_a_password_on_loopback(tmp_path: Path) -> None:
    """The real server on 127.0.0.1 serves the post, and the password it printed opens the moderation page."""
    with running_demo(tmp_path / "demo.db") as demo:
        with urllib.request.urlopen(demo.url, timeout=30) as response:  # noqa: S310 - our own local server
            html = response.read().decode("utf-8")
        assert attr(one(parse(html), 'input[name="post_id"]'), "value") == "barnplan"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(demo.url + "moderation", timeout=30)  # noqa: S310 - our own local server
        assert refused.value.code == 401
        refused.value.close()
        auth = _basic("moderator", demo.password)
        request = urllib.request.Request(demo.url + "moderation", headers=auth)  # noqa: S310 - our own server
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own local server
            assert "<h1>Moderering</h1>" in response.read().decode("utf-8")
    assert demo.process.returncode is not None
