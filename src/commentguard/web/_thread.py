"""A post's comments as a thread: replies nested under their parents, to a limited depth.

WordPress nests replies five deep by default and shows deeper replies at the deepest level;
so does :func:`build_thread`. The commenter's own held comment joins the thread with the
"awaiting moderation" notice, so they see that it arrived, and nobody else sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commentguard import PublicComment
from commentguard.web import words as _text

DEFAULT_DEPTH = 5
"""How deep replies nest (WordPress's ``thread_comments_depth`` default)."""

_AVATAR_COLOURS = 12


@dataclass(frozen=True, slots=True)
class ThreadNode:
    """One comment in the thread, with its replies and how deep it sits (1 for top level)."""

    comment: PublicComment
    depth: int
    replies: tuple[ThreadNode, ...]
    awaiting_moderation: bool = False

    @property
    def anchor(self) -> str:
        """The element id of the comment (``comment-12``; ``comment-new`` for an unstored one)."""
        return f"comment-{self.comment.id if self.comment.id is not None else 'new'}"

    @property
    def avatar_colour(self) -> int | None:
        """Which of the avatar colours the keyed hash picks (``None`` without an avatar)."""
        avatar = self.comment.avatar
        return int(avatar[:4], 16) % _AVATAR_COLOURS if avatar else None

    @property
    def initial(self) -> str:
        """The author's first letter, shown in the avatar."""
        return self.comment.author[:1].upper()


@dataclass(frozen=True, slots=True)
class Thread:
    """The nested comments of a post and the words a template needs to show them."""

    nodes: tuple[ThreadNode, ...]
    max_depth: int
    heading: str
    empty: str
    reply_label: str
    awaiting_label: str
    locale: str

    def __len__(self) -> int:
        def count(nodes: Iterable[ThreadNode]) -> int:
            return sum(1 + count(node.replies) for node in nodes)

        return count(self.nodes)

    def reply_text(self, node: ThreadNode) -> str:
        """The accessible name of a reply link: "Reply to Anna"."""
        return _text.text(_text.REPLY_TO, self.locale, author=node.comment.author)


def build_thread(
    comments: Sequence[PublicComment],
    *,
    held: Sequence[PublicComment] = (),
    max_depth: int = DEFAULT_DEPTH,
    locale: str = "en",
) -> Thread:
    """Nest ``comments`` (thread order, as ``guard.public_comments`` gives them) into a thread.

    Args:
        comments: the approved comments of one post.
        held: the commenter's own comments awaiting moderation; shown with the notice.
        max_depth: how deep replies nest; deeper ones are shown at this depth (1: flat).
        locale: the language of the thread's words.

    Raises:
        ValueError: ``max_depth`` is below 1.

    """
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
        raise ValueError(f"max_depth must be a whole number >= 1, not {max_depth!r}")
    held_ids = {c.id for c in held}
    everything = [*comments, *(c for c in held if c.id not in {x.id for x in comments})]
    known = {c.id for c in everything if c.id is not None}
    children: dict[int | None, list[PublicComment]] = {}
    for comment in everything:
        parent = comment.parent_id if comment.parent_id in known and comment.parent_id != comment.id else None
        children.setdefault(parent, []).append(comment)

    shown: set[int | None] = set()

    def node(comment: PublicComment, depth: int) -> list[ThreadNode]:
        shown.add(comment.id)
        replies: list[ThreadNode] = []
        for child in children.get(comment.id, ()) if comment.id is not None else ():
            if child.id not in shown:
                replies.extend(node(child, depth + 1))
        awaiting = comment.id in held_ids
        if depth > max_depth:  # too deep: shown after its parent, at the deepest level
            return [ThreadNode(comment, max_depth, (), awaiting), *replies]
        nested = tuple(r for r in replies if r.depth > depth)
        return [ThreadNode(comment, depth, nested, awaiting), *(r for r in replies if r.depth <= depth)]

    roots = [n for comment in children.get(None, ()) for n in node(comment, 1)]
    for comment in everything:  # a cycle in hand-made data never reaches the top: break it here
        if comment.id not in shown:
            roots.extend(node(comment, 1))
    language = _text.language(locale)
    return Thread(
        nodes=tuple(roots),
        max_depth=max_depth,
        heading=_text.text(_text.COMMENTS, language),
        empty=_text.text(_text.NO_COMMENTS, language),
        reply_label=_text.text(_text.REPLY, language),
        awaiting_label=_text.text(_text.AWAITING, language),
        locale=language,
    )
