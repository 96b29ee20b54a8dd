"""The policy: one frozen source of truth, refusing unsafe settings when built."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from commentguard import WORDPRESS_POLICY, Policy, PolicyError

WORDPRESS_SENTENCE_SV = (
    'Följande HTML-taggar och attribut är tillåtna: <a href="" title=""> <abbr title=""> '
    '<acronym title=""> <b> <blockquote cite=""> <cite> <code> <del datetime=""> <em> <i> '
    '<q cite=""> <strike> <strong>'
)


def test_wordpress_policy_is_exactly_the_documented_whitelist() -> None:
    """WORDPRESS_POLICY allows exactly the tags and attributes the WordPress form documents."""
    assert {tag: set(attrs) for tag, attrs in WORDPRESS_POLICY.tags.items()} == {
        "a": {"href", "title"}, "abbr": {"title"}, "acronym": {"title"}, "b": set(),
        "blockquote": {"cite"}, "cite": set(), "code": set(), "del": {"datetime"}, "em": set(),
        "i": set(), "q": {"cite"}, "strike": set(), "strong": set(),
    }  # fmt: skip
    assert WORDPRESS_POLICY.url_schemes == {"http", "https", "mailto"}
    assert WORDPRESS_POLICY.url_attributes == {"href", "cite"}
    assert WORDPRESS_POLICY.allow_relative_urls is False


def test_describe_in_swedish_is_the_exact_form_sentence() -> None:
    """describe("sv") renders the Swedish form's sentence, character for character."""
    assert WORDPRESS_POLICY.describe("sv") == WORDPRESS_SENTENCE_SV


def test_describe_in_english_lists_the_same_tags() -> None:
    """describe("en") has the English intro and the same list as the Swedish sentence."""
    english = WORDPRESS_POLICY.describe("en")
    assert english.startswith("You may use these HTML tags and attributes: <a href")
    assert english.split(": ", 1)[1] == WORDPRESS_SENTENCE_SV.split(": ", 1)[1]


def test_describe_follows_the_policy() -> None:
    """A derived policy describes itself from its own data, not a fixed string."""
    described = WORDPRESS_POLICY.allowing(tags={"s"}).without(tags={"strike"}).describe("en")
    assert "<s>" in described
    assert "<strike>" not in described


def test_describe_rejects_an_unknown_locale() -> None:
    """An unsupported language is an error, not silent English."""
    with pytest.raises(ValueError, match="unsupported locale"):
        WORDPRESS_POLICY.describe("de")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"tags": {"b": {"onclick"}}}, "event handler"),
        ({"tags": {"b": {"ONMOUSEOVER"}}}, "event handler"),
        ({"tags": {"b": {"style"}}}, "CSS"),
        ({"tags": {"iframe": set()}, "drop_content": set(), "text_only": set()}, "never allowed"),
        ({"tags": {"svg": set()}, "text_only": set()}, "never allowed"),
        ({"tags": {"b": {"srcdoc"}}}, "whole HTML document"),
        ({"tags": {"a": {"rel"}}}, "link_rel"),
        ({"tags": {"img": {"src"}}}, "url_attributes"),
        ({"tags": {"form": {"action"}}}, "never allowed"),
        ({"tags": {"button": set()}}, "never allowed"),
        ({"tags": {"b": {"formaction"}}}, "url_attributes"),
        ({"tags": {"b": {"xlink:href"}}}, "url_attributes"),
        ({"tags": {"img": {"srcset"}}}, "list of URLs"),
        ({"tags": {"b": {"ping"}}}, "url_attributes"),
        ({"tags": {"video": {"poster"}}}, "url_attributes"),
        ({"tags": {"td": {"background"}}}, "url_attributes"),
        ({"tags": {"b": {"data"}}}, "url_attributes"),
        ({"tags": {"script": set()}}, "both allowed and in drop_content"),
        ({"tags": {"b": set()}, "drop_content": {"b"}}, "both allowed and in drop_content"),
        ({"tags": {"b": set()}, "text_only": {"b"}}, "both allowed and in text_only"),
        ({"tags": {}, "drop_content": {"svg"}}, "both in drop_content and in text_only"),
        ({"tags": {}, "text_only": {"x y"}}, "not an HTML tag name"),
        ({"tags": {"b c": set()}}, "not an HTML tag name"),
        ({"tags": {"b": {"x=y"}}}, "not an attribute name"),
        ({"tags": {}, "url_schemes": {"javascript"}}, "can run script"),
        ({"tags": {}, "url_schemes": {"data"}}, "can run script"),
        ({"tags": {}, "url_schemes": {"https:"}}, "not a URL scheme"),
        ({"tags": {}, "link_rel": ""}, "link_rel"),
        ({"tags": {}, "link_rel": 'nofollow" onclick="x'}, "link_rel"),
        ({"tags": {}, "max_depth": 0}, "max_depth"),
        ({"tags": {}, "max_attributes": 10_000}, "max_attributes"),
        ({"tags": {}, "max_input_bytes": 0}, "max_input_bytes"),
        ({"tags": {}, "max_input_bytes": 16 * 1024 * 1024 + 1}, "max_input_bytes"),
        ({"tags": {}, "max_input_bytes": True}, "max_input_bytes"),
        ({"tags": {}, "max_input_bytes": "65525"}, "max_input_bytes"),
        ({"tags": "b"}, "collection of names"),
    ],
)
def test_unsafe_or_contradictory_policies_are_refused_when_built(
    change: dict[str, object], match: str
) -> None:
    """Building a policy that could run script or contradicts itself raises PolicyError at once."""
    with pytest.raises(PolicyError, match=match):
        Policy(**change)  # type: ignore[arg-type]


def test_a_declared_url_attribute_may_be_allowed() -> None:
    """A URL-bearing attribute is fine once declared as a URL attribute, so it gets judged."""
    policy = WORDPRESS_POLICY.allowing(tags={"img": {"src"}}, url_attributes={"src"})
    assert policy.tags["img"] == {"src"}


def test_policies_are_frozen_values() -> None:
    """A policy cannot be changed in place; variants are new objects, the original untouched."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        WORDPRESS_POLICY.linkify = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        WORDPRESS_POLICY.tags["script"] = frozenset()  # type: ignore[index]
    wider = WORDPRESS_POLICY.allowing(tags={"s"})
    assert "s" in wider.tags
    assert "s" not in WORDPRESS_POLICY.tags


def test_allowing_merges_attributes_and_without_removes_them() -> None:
    """allowing() adds attributes to an existing tag; without() removes per-tag attributes and schemes."""
    wider = WORDPRESS_POLICY.allowing(tags={"abbr": {"lang"}}, url_schemes={"ftp"})
    assert wider.tags["abbr"] == {"title", "lang"}
    assert "ftp" in wider.url_schemes
    narrower = wider.without(attributes={"abbr": {"title"}}, url_schemes={"ftp", "mailto"})
    assert narrower.tags["abbr"] == {"lang"}
    assert narrower.url_schemes == {"http", "https"}


def test_names_are_normalised_once_at_construction() -> None:
    """Upper-case names and schemes are lower-cased when the policy is built."""
    policy = Policy(tags={"B": set(), "A": {"HREF"}}, url_schemes={"HTTPS"})
    assert set(policy.tags) == {"a", "b"}
    assert policy.tags["a"] == {"href"}
    assert policy.url_schemes == {"https"}


def test_version_is_stable_and_tracks_every_setting() -> None:
    """Equal settings give equal versions; changing any knob changes the version."""
    same = Policy(tags={tag: set(attrs) for tag, attrs in WORDPRESS_POLICY.tags.items()})
    assert same.version == WORDPRESS_POLICY.version
    assert same == WORDPRESS_POLICY
    assert hash(same) == hash(WORDPRESS_POLICY)
    assert re.fullmatch(r"[0-9a-f]{12}", WORDPRESS_POLICY.version)
    variants = [
        WORDPRESS_POLICY.allowing(tags={"s"}),
        dataclasses.replace(WORDPRESS_POLICY, linkify=False),
        dataclasses.replace(WORDPRESS_POLICY, allow_relative_urls=True),
        dataclasses.replace(WORDPRESS_POLICY, link_rel="nofollow"),
        dataclasses.replace(WORDPRESS_POLICY, max_depth=16),
        dataclasses.replace(WORDPRESS_POLICY, max_attributes=8),
        WORDPRESS_POLICY.without(url_schemes={"mailto"}),
        WORDPRESS_POLICY.without(tags={"strike"}),
        dataclasses.replace(WORDPRESS_POLICY, drop_content=WORDPRESS_POLICY.drop_content | {"video"}),
        dataclasses.replace(WORDPRESS_POLICY, text_only=WORDPRESS_POLICY.text_only - {"svg"}),
        dataclasses.replace(WORDPRESS_POLICY, linkify_emails=True),
    ]
    versions = {variant.version for variant in variants} | {WORDPRESS_POLICY.version}
    assert len(versions) == len(variants) + 1


def test_the_input_cap_is_not_part_of_the_version() -> None:
    """max_input_bytes never changes an accepted input's output, so raising it re-cleans no comment."""
    assert dataclasses.replace(WORDPRESS_POLICY, max_input_bytes=200_000).version == WORDPRESS_POLICY.version


def test_knobs_added_later_are_keyword_only() -> None:
    """Positional arguments keep their meaning: text_only, linkify_emails, max_input_bytes are keywords."""
    args: tuple[object, ...] = ({"b": set()}, {"href"}, {"https"}, False, {"script"}, "nofollow", False, 8, 4)
    policy = Policy(*args)  # type: ignore[arg-type]
    assert (policy.link_rel, policy.linkify, policy.max_depth) == ("nofollow", False, 8)
    assert policy.max_attributes == 4
    with pytest.raises(TypeError):
        Policy(*args, set())  # type: ignore[arg-type, call-arg]


def test_docs_policy_page_documents_every_knob_with_its_literal_default() -> None:
    """docs/policy.md has a section per Policy knob that states the knob's actual default."""
    page = (Path(__file__).parents[1] / "docs" / "policy.md").read_text(encoding="utf-8")
    for knob in dataclasses.fields(Policy):
        section = re.search(rf"^### `{knob.name}`\n(.*?)(?=^### |\Z)", page, re.S | re.M)
        assert section is not None, f"docs/policy.md lacks a section for {knob.name}"
        body = section.group(1)
        for heading in ("What", "Why", "Default", "Example", "Conflicts"):
            assert f"**{heading}**" in body, f"{knob.name}: no **{heading}**"
        if knob.default is not dataclasses.MISSING:
            default = knob.default
            literal = repr(sorted(default)) if isinstance(default, frozenset) else repr(default)
            assert f"`{literal}`" in body, f"{knob.name}: default {literal} not stated"
