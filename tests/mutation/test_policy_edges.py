"""Policy: range edges, literal defaults and the exact refusals, pinned where mutants survived.

See docs/testing.md, "Mutation testing": each test here kills mutants the older tests let live.
"""

from __future__ import annotations

import pytest

from commentguard import WORDPRESS_POLICY, Policy, PolicyError


def refusal(make: object) -> str:
    """The PolicyError message that building a policy with ``make()`` raises."""
    with pytest.raises(PolicyError) as raised:
        make()  # type: ignore[operator]
    return str(raised.value)


def test_init_has_its_own_literal_defaults() -> None:
    """Policy(tags) alone gives every knob's documented default, 32/32 for the limits included."""
    policy = Policy(tags={"b": ()})
    assert policy.url_attributes == {"href", "cite"}
    assert policy.url_schemes == {"http", "https", "mailto"}
    assert policy.allow_relative_urls is False
    assert policy.drop_content == {"script", "style"}
    assert policy.text_only == {
        "iframe", "noscript", "template", "textarea", "title", "xmp",
        "noembed", "noframes", "plaintext", "svg", "math", "object", "embed",
    }  # fmt: skip
    assert (policy.linkify_emails, policy.max_input_bytes) == (False, 65_525)
    assert policy.link_rel == "nofollow ugc"
    assert policy.linkify is True
    assert (policy.max_depth, policy.max_attributes) == (32, 32)


@pytest.mark.parametrize("knob", ["max_depth", "max_attributes"])
@pytest.mark.parametrize("value", [1, 2, 255, 256])
def test_limits_are_accepted_from_1_to_256_inclusive(knob: str, value: int) -> None:
    """max_depth and max_attributes take every whole number from 1 to 256, both ends included."""
    assert getattr(Policy(tags={"b": ()}, **{knob: value}), knob) == value  # type: ignore[arg-type]


@pytest.mark.parametrize("knob", ["max_depth", "max_attributes"])
@pytest.mark.parametrize("value", [0, 257, -1, True, False, 32.0, "32", None])
def test_limits_outside_1_to_256_or_not_whole_numbers_are_refused(knob: str, value: object) -> None:
    """0, 257, booleans, floats, strings and None are refused, with the knob and value named."""
    message = refusal(lambda: Policy(tags={"b": ()}, **{knob: value}))  # type: ignore[arg-type]
    assert message == f"{knob} must be a whole number from 1 to 256, not {value!r}"


def test_bare_tag_names_are_lower_cased() -> None:
    """Tag names given without attributes are stored lower-case, so 'S' allows <s>."""
    assert dict(Policy(tags=["S", "Code"]).tags) == {"code": frozenset(), "s": frozenset()}


@pytest.mark.parametrize(
    ("make", "what", "given"),
    [
        (lambda: Policy(tags={}, url_attributes="href"), "url_attributes", "href"),
        (lambda: Policy(tags={}, url_schemes="https"), "url_schemes", "https"),
        (lambda: Policy(tags={}, drop_content="script"), "drop_content", "script"),
        (lambda: Policy(tags={}, text_only="svg"), "text_only", "svg"),
        (lambda: WORDPRESS_POLICY.allowing(url_schemes="ftp"), "url_schemes", "ftp"),
        (lambda: WORDPRESS_POLICY.allowing(url_attributes="src"), "url_attributes", "src"),
        (lambda: WORDPRESS_POLICY.without(tags="a"), "tags", "a"),
        (lambda: WORDPRESS_POLICY.without(url_schemes="mailto"), "url_schemes", "mailto"),
    ],
)
def test_a_bare_string_for_a_collection_is_refused_by_name(make: object, what: str, given: str) -> None:
    """A str where a collection of names belongs is refused, naming the knob (not split into letters)."""
    assert refusal(make) == f"{what} must be a collection of names, not the string {given!r}"


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ({"b": {"onclick"}}, "<b onclick>: event handler attributes run script; never allowed"),
        ({"p": {"9x"}}, "<p 9x>: '9x' is not an attribute name"),
        ({"img": {"src"}}, "<img src> holds a URL; add 'src' to url_attributes so it is judged"),
    ],
)
def test_an_attribute_refusal_names_the_tag_and_attribute(tags: dict[str, set[str]], message: str) -> None:
    """A refused attribute's message starts with `<tag attribute>`, so the wrong entry is found."""
    assert refusal(lambda: Policy(tags=tags)) == message


def test_a_bad_drop_content_name_is_refused_by_name() -> None:
    """A drop_content entry that is no tag name is refused with a message naming it."""
    assert refusal(lambda: Policy(tags={}, drop_content={"no tag"})) == (
        "drop_content/text_only: 'no tag' is not an HTML tag name"
    )


def test_different_policies_hash_differently() -> None:
    """A policy hashes by its settings, so different policies spread over a dict's buckets."""
    policies = [WORDPRESS_POLICY, WORDPRESS_POLICY.allowing(tags={"s"}), Policy(tags={"b": ()})]
    assert len({hash(policy) for policy in policies}) == 3
    assert hash(WORDPRESS_POLICY) == hash(Policy(tags=dict(WORDPRESS_POLICY.tags)))


def test_describe_defaults_to_english() -> None:
    """describe() with no locale is the English sentence."""
    assert WORDPRESS_POLICY.describe() == WORDPRESS_POLICY.describe("en")
    assert WORDPRESS_POLICY.describe().startswith("You may use these HTML tags and attributes:")
