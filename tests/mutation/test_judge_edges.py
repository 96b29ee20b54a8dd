"""Edges of the engine's one filter pass (``Judge``) and of linkify, pinned through sanitize() (issue 15).

Written for the mutants of ``sanitizer/_filters.py`` and ``sanitizer/_linkify.py`` that the
other tests let live (see docs/testing.md). Each test uses a policy of its own (``own``): the
engine is cached per policy, and a cached one would hide a mutant of how it is built.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from commentguard import WORDPRESS_POLICY, Policy, sanitize
from commentguard.sanitizer._linkify import url_length

_OWN = itertools.count()
REL = 'rel="nofollow ugc"'


def own(policy: Policy = WORDPRESS_POLICY) -> Policy:
    """``policy`` with one unused drop-content name added, so sanitize() builds a new engine for it."""
    return replace(policy, drop_content=policy.drop_content | {f"x-own-{next(_OWN)}"})


def test_nested_brackets_inside_a_url_balance() -> None:
    """Two openers inside a URL need two closers before a bracket ends it."""
    assert url_length("http://x.se/((a))") == len("http://x.se/((a))")
    assert url_length("http://x.se/((a)))") == len("http://x.se/((a))")


def test_a_url_after_a_bare_scheme_separator_is_linked() -> None:
    """A '://' that starts no URL (at the very start of a text) does not hide a URL after it."""
    assert str(sanitize("://x http://y.se", own())) == f'://x <a href="http://y.se" {REL}>http://y.se</a>'


def test_a_carriage_return_reference_beside_a_url_stays_a_reference() -> None:
    """A &#13; in text that is linkified stays a reference: written raw, it would read back as LF."""
    assert str(sanitize("a&#13;b www.x.se", own())) == f'a&#13;b <a href="http://www.x.se" {REL}>www.x.se</a>'


def test_a_void_text_only_element_goes_and_the_text_around_stays() -> None:
    """An <embed> (void, text-only) is removed, and nothing after it is lost."""
    assert str(sanitize("x<embed src=y>z", own())) == "xz"


def test_a_void_element_inside_a_text_only_one_goes_with_its_markup() -> None:
    """Inside <object>, an <embed> goes like every tag, and the text after the container stays."""
    assert str(sanitize("<object><embed>x</object>y", own())) == "xy"


def test_markup_after_a_text_only_element_is_kept() -> None:
    """Nested tags inside <svg> are flattened, and the tags after the closed <svg> are kept again."""
    assert str(sanitize("<svg><g><g>x</g></g></svg><b>y</b>", own())) == "x<b>y</b>"


def test_a_void_elements_attributes_are_judged() -> None:
    """A kept void element's URL is judged like any other: a relative src goes where policy forbids it."""
    policy = own(WORDPRESS_POLICY.allowing(tags={"img": {"src", "alt"}}, url_attributes={"src"}))
    html = '<img src="/x" alt="a"><img src="https://x.se/i" alt="b">'
    assert str(sanitize(html, policy)) == '<img alt="a"><img src="https://x.se/i" alt="b">'


def test_a_link_inside_a_link_is_unwrapped_after_an_earlier_link() -> None:
    """Issue 14's link inside a link is unwrapped even when a link was opened and closed before it."""
    html = (
        '<a href="https://x.se/1">1</a><a href="https://x.se/2"><b><b><b><b><blockquote>'
        '<a href="https://x.se/3">3</b></b></b>'
    )
    assert str(sanitize(html, own())) == (
        f'<a href="https://x.se/1" {REL}>1</a><a href="https://x.se/2" {REL}><b><b><b><b></b></b></b>'
        "<blockquote><b><b><b>3</b></b></b></blockquote></b></a><b><b><b></b></b></b>"
    )


def test_an_address_before_a_tag_is_linked() -> None:
    """A URL in text that a tag follows is linked, as at the end of the comment."""
    assert (
        str(sanitize("https://x.se <b>y</b>", own()))
        == f'<a href="https://x.se" {REL}>https://x.se</a> <b>y</b>'
    )


def test_an_email_address_before_a_tag_is_linked() -> None:
    """With linkify_emails, an address that a tag follows becomes a mailto link."""
    policy = own(replace(WORDPRESS_POLICY, linkify_emails=True))
    assert str(sanitize("a@b.se <b>x</b>", policy)) == f'<a href="mailto:a@b.se" {REL}>a@b.se</a> <b>x</b>'


def test_a_url_after_a_closed_tag_inside_code_stays_text() -> None:
    """Inside <code>, the end of another element does not end the code: a URL after it is not linked."""
    assert str(sanitize("<code><b>x</b> https://x.se</code>", own())) == "<code><b>x</b> https://x.se</code>"


def test_closed_siblings_do_not_add_depth() -> None:
    """Elements one after another, each closed, stay at depth 1 however many there are."""
    policy = own(replace(WORDPRESS_POLICY, max_depth=2))
    assert str(sanitize("<b>1</b><i>2</i><em>3</em><b><i>4</i></b>", policy)) == (
        "<b>1</b><i>2</i><em>3</em><b><i>4</i></b>"
    )


def test_tags_nested_inside_a_text_only_element_end_with_it() -> None:
    """Allowed tags nested in <object> are flattened, and the <object>'s end ends the flattening."""
    assert str(sanitize("<object><b><i>x</i></b></object><b>y</b>", own())) == "x<b>y</b>"


def test_a_url_after_a_link_is_linked() -> None:
    """The end of a link ends the text linkify skips: a URL after it becomes a link."""
    assert str(sanitize('<a href="https://x.se">y</a> https://z.se', own())) == (
        f'<a href="https://x.se" {REL}>y</a> <a href="https://z.se" {REL}>https://z.se</a>'
    )


def test_a_url_after_code_is_linked() -> None:
    """The end of <code> ends the text linkify skips: a URL after it becomes a link."""
    assert str(sanitize("<code>x</code> https://z.se", own())) == (
        f'<code>x</code> <a href="https://z.se" {REL}>https://z.se</a>'
    )
