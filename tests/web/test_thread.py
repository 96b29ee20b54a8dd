"""The thread: public comments nested to a depth, the commenter's held comment with its notice."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import CommentGuard, MemoryStore, PublicComment, RequestInfo, sanitize, to_public
from commentguard.web import Thread, ThreadNode, build_thread, environment

from .html import attr, one, parse

RENDER = '{% from "commentguard/thread.html" import comment_thread %}{{ comment_thread(thread) }}'
WHEN = datetime(2026, 5, 1, 12, tzinfo=timezone.utc)


def _chain(length: int) -> list[PublicComment]:
    """Comments 1..length, each replying to the one before."""
    guard = CommentGuard(store=MemoryStore(), checks=[])
    comments = []
    for number in range(1, length + 1):
        form = {"post_id": "p", "author": f"A{number}", "email": f"a{number}@example.se",
                "content": f"svar {number}", "parent_id": str(number - 1)}  # fmt: skip
        comments.append(guard.submit(form, RequestInfo(ip="")).comment)
    return [to_public(c, avatar_secret="s") for c in comments]


def _depths(nodes: tuple[ThreadNode, ...]) -> list[tuple[int | None, int]]:
    found = []
    for node in nodes:
        found.append((node.comment.id, node.depth))
        found.extend(_depths(node.replies))
    return found


def test_replies_nest_to_the_depth_and_deeper_ones_stay_at_it() -> None:
    """Seven chained replies with depth 5 nest 1..5, then the sixth and seventh sit at depth 5."""
    thread = build_thread(_chain(7), max_depth=5)
    assert _depths(thread.nodes) == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 5), (7, 5)]
    assert len(thread) == 7
    assert _depths(build_thread(_chain(3), max_depth=1).nodes) == [(1, 1), (2, 1), (3, 1)]


@given(st.lists(st.integers(min_value=0, max_value=12), max_size=12), st.integers(min_value=1, max_value=6))
def test_every_comment_appears_once_within_the_depth(parents: list[int], depth: int) -> None:
    """Whatever the parent links (missing, self, cycles), each comment shows once, no deeper than allowed."""
    content = sanitize("hej")
    comments = [
        PublicComment(i + 1, "p", parent or None, "A", "", WHEN, content) for i, parent in enumerate(parents)
    ]
    shown = _depths(build_thread(comments, max_depth=depth).nodes)
    assert sorted(i or 0 for i, _ in shown) == [c.id or 0 for c in comments]
    assert all(1 <= d <= depth for _, d in shown)


def test_rendered_thread_shows_content_avatar_reply_link_and_no_email() -> None:
    """Sanitized content is not escaped again, avatars are keyed classes, replies link back, no email."""
    comments = _chain(2)
    html = parse(environment().from_string(RENDER).render(thread=build_thread(comments, locale="sv")))
    first = one(html, "#comment-1")
    assert one(first, ".cg-content").text() == "svar 1"
    assert one(html, "#comment-2").parent == one(html, "#comment-1 .cg-children")
    links = [a.attributes["href"] for a in html.css(".cg-reply a")]
    assert links == ["?replytocom=1#respond", "?replytocom=2#respond"]
    assert attr(one(html, ".cg-reply a"), "aria-label") == "Svara A1"
    assert "cg-avatar-" in attr(one(first, ".cg-avatar"), "class")
    assert "@example.se" not in (html.html or "")
    assert one(html, "h2").text() == "Kommentarer"


def test_the_commenters_held_comment_shows_with_the_notice_and_no_reply_link() -> None:
    """A held comment passed as held joins the thread under its parent with "awaiting moderation"."""
    approved, mine = _chain(2)
    thread = build_thread([approved], held=[mine], locale="en")
    html = parse(environment().from_string(RENDER).render(thread=thread))
    held = one(html, "#comment-2")
    assert one(held, ".cg-awaiting-notice").text() == "Your comment is awaiting moderation."
    assert held.css_first(".cg-reply") is None
    assert html.css_first("#comment-1 > article .cg-awaiting-notice") is None


def test_an_empty_thread_says_so() -> None:
    """No comments renders the "no comments yet" line in the language asked for."""
    thread: Thread = build_thread([], locale="sv")
    html = parse(environment().from_string(RENDER).render(thread=thread))
    assert one(html, ".cg-no-comments").text() == "Inga kommentarer ännu."


@pytest.mark.parametrize("depth", [0, -1, True, 2.5, "5"])
def test_a_bad_depth_is_refused(depth: object) -> None:
    """A depth below 1 or of the wrong type is a ValueError naming it."""
    with pytest.raises(ValueError, match="max_depth"):
        build_thread([], max_depth=depth)  # type: ignore[arg-type]
