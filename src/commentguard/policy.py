"""What HTML a comment may keep: the policy, as frozen data.

A :class:`Policy` is the single source of truth for the sanitizer, for the comment form's
"allowed tags" sentence and for the docs page of the whitelist. :data:`WORDPRESS_POLICY` is
exactly the list a WordPress comment form documents::

    >>> WORDPRESS_POLICY.describe("en")[:43]
    'You may use these HTML tags and attributes:'
    >>> strict = WORDPRESS_POLICY.without(tags={"a"})
    >>> "a" in strict.tags
    False

Policies never change; :meth:`Policy.allowing`, :meth:`Policy.without` and
:func:`dataclasses.replace` return new ones, and a policy that would be unsafe or
contradictory raises :class:`~commentguard.PolicyError` when it is built, not when it is used.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from functools import cached_property
from importlib.metadata import version as _package_version
from types import MappingProxyType

from commentguard.errors import PolicyError
from commentguard.messages import ALLOWED_TAGS_INTRO, translate

# 2: a link is never kept inside a link (issue 14). 3: no commenter's text is lost (issue 11):
# text_only elements keep their text, an unclosed raw-text element drops nothing after it,
# linkify stops at trailing punctuation and balances brackets. 4: an address split by a removed
# tag, comment or dropped element is linked on the first pass (issue 13).
SANITIZER_REVISION = 4
"""Bumped whenever ``commentguard.sanitizer`` changes what it outputs; part of every version."""

DEFAULT_DROP_CONTENT: frozenset[str] = frozenset({"script", "style"})
"""Elements removed with everything inside: their content is code, not prose."""

DEFAULT_TEXT_ONLY: frozenset[str] = frozenset(
    {"textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
     "svg", "math", "object", "template", "embed"}
)  # fmt: skip
"""Elements removed with all markup inside, their text kept as plain text."""

DEFAULT_MAX_INPUT_BYTES = 65_525  # WordPress's comment column, as validation's max_content_bytes
# The numeric knobs' upper bounds; max_input_bytes's is what the command line reads at most.
_BOUNDS = {"max_depth": 256, "max_attributes": 256, "max_input_bytes": 16 * 1024 * 1024}

# Knobs that never change what an accepted input sanitizes to: changing them re-cleans nothing.
_NOT_IN_VERSION = frozenset({"max_input_bytes"})

# Tags that run script, load documents, take input or restructure the page: never allowed.
_NEVER_ALLOWED_TAGS = DEFAULT_DROP_CONTENT | DEFAULT_TEXT_ONLY | {
    "applet", "base", "basefont", "body", "button", "form", "frame", "frameset", "head",
    "html", "input", "link", "meta", "option", "param", "portal", "select", "slot",
}  # fmt: skip

# Attributes whose value a browser loads or navigates to; allowed only when declared as URLs.
_URL_BEARING = frozenset(
    {"action", "archive", "background", "cite", "classid", "codebase", "data", "dynsrc",
     "formaction", "href", "icon", "longdesc", "lowsrc", "manifest", "ping", "poster",
     "profile", "src", "usemap", "xlink:href"}
)  # fmt: skip
_FORBIDDEN_ATTRIBUTES = {
    "style": "CSS can hide, overlay and exfiltrate; commentguard does not sanitize CSS",
    "srcdoc": "it is a whole HTML document that runs outside the sanitizer",
    "srcset": "it holds a list of URLs that the URL judge cannot check as one",
    "rel": "the link_rel knob owns it, so every link carries the same rel",
}
_FORBIDDEN_SCHEMES = frozenset(
    {"javascript", "vbscript", "livescript", "mocha", "jscript", "data", "blob", "filesystem"}
)
_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9_-]*(?::[a-z][a-z0-9_-]*)?\Z")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*\Z")
_REL_TOKEN = re.compile(r"[a-z][a-z0-9-]*\Z")

TagSpec = Mapping[str, Iterable[str]] | Iterable[str]
"""Tags with their attributes (``{"a": {"href"}}``) or bare tag names (``{"s"}``)."""


def _as_tag_map(tags: TagSpec) -> dict[str, frozenset[str]]:
    if isinstance(tags, str):
        raise PolicyError(f"tags must be a collection of names, not the string {tags!r}")
    if isinstance(tags, Mapping):
        return {str(t).lower(): frozenset(str(a).lower() for a in attrs) for t, attrs in tags.items()}
    return {str(t).lower(): frozenset() for t in tags}


def _names(values: Iterable[str], what: str) -> frozenset[str]:
    if isinstance(values, str):
        raise PolicyError(f"{what} must be a collection of names, not the string {values!r}")
    return frozenset(str(v).strip().lower() for v in values)


@dataclass(frozen=True, init=False)
class Policy:
    """Which tags, attributes and URLs a sanitized comment may keep.

    Every knob is documented in ``docs/policy.md`` (what it does, why, default, example,
    conflicts). Build variants with :meth:`allowing`, :meth:`without` or
    :func:`dataclasses.replace`; each returns a new, re-validated policy.

    Raises:
        PolicyError: the settings would be unsafe or contradict each other.

    """

    tags: Mapping[str, frozenset[str]]
    url_attributes: frozenset[str] = frozenset({"href", "cite"})
    url_schemes: frozenset[str] = frozenset({"http", "https", "mailto"})
    allow_relative_urls: bool = False
    drop_content: frozenset[str] = DEFAULT_DROP_CONTENT
    text_only: frozenset[str] = DEFAULT_TEXT_ONLY
    link_rel: str = "nofollow ugc"
    linkify: bool = True
    linkify_emails: bool = False
    max_depth: int = 32
    max_attributes: int = 32
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES

    def __init__(
        self,
        tags: TagSpec,
        url_attributes: Iterable[str] = frozenset({"href", "cite"}),
        url_schemes: Iterable[str] = frozenset({"http", "https", "mailto"}),
        allow_relative_urls: bool = False,
        drop_content: Iterable[str] = DEFAULT_DROP_CONTENT,
        link_rel: str = "nofollow ugc",
        linkify: bool = True,
        max_depth: int = 32,
        max_attributes: int = 32,
        *,  # knobs added later are keyword-only, so earlier positional calls keep their meaning
        text_only: Iterable[str] = DEFAULT_TEXT_ONLY,
        linkify_emails: bool = False,
        max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    ) -> None:
        # Normalise flexible input once, at construction, so the sanitizer only reads clean data.
        set_ = object.__setattr__
        set_(self, "tags", MappingProxyType(dict(sorted(_as_tag_map(tags).items()))))
        set_(self, "url_attributes", _names(url_attributes, "url_attributes"))
        set_(self, "url_schemes", _names(url_schemes, "url_schemes"))
        set_(self, "allow_relative_urls", bool(allow_relative_urls))
        set_(self, "drop_content", _names(drop_content, "drop_content"))
        set_(self, "text_only", _names(text_only, "text_only"))
        set_(self, "link_rel", " ".join(str(link_rel).lower().split()))
        set_(self, "linkify", bool(linkify))
        set_(self, "linkify_emails", bool(linkify_emails))
        set_(self, "max_depth", max_depth)
        set_(self, "max_attributes", max_attributes)
        set_(self, "max_input_bytes", max_input_bytes)
        self._refuse_unsafe()

    def _refuse_unsafe(self) -> None:
        for tag, attributes in self.tags.items():
            if not _TAG_NAME.match(tag):
                raise PolicyError(f"{tag!r} is not an HTML tag name")
            for removed in ("drop_content", "text_only"):
                if tag in getattr(self, removed):
                    raise PolicyError(f"<{tag}> is both allowed and in {removed}; choose one")
            if tag in _NEVER_ALLOWED_TAGS:
                raise PolicyError(f"<{tag}> can run script or take over the page; it is never allowed")
            for attribute in attributes:
                self._refuse_attribute(tag, attribute)
        for name in self.drop_content | self.text_only:
            if not _TAG_NAME.match(name):
                raise PolicyError(f"drop_content/text_only: {name!r} is not an HTML tag name")
        if both := sorted(self.drop_content & self.text_only):
            raise PolicyError(f"<{both[0]}> is both in drop_content and in text_only; choose one")
        for scheme in self.url_schemes:
            if not _SCHEME.match(scheme):
                raise PolicyError(f"{scheme!r} is not a URL scheme (write it without ':')")
            if scheme in _FORBIDDEN_SCHEMES:
                raise PolicyError(f"URL scheme {scheme!r} can run script or embed content")
        if not self.link_rel or not all(map(_REL_TOKEN.match, self.link_rel.split())):
            raise PolicyError(f"link_rel must be rel keywords such as 'nofollow ugc', not {self.link_rel!r}")
        for knob, highest in _BOUNDS.items():
            value = getattr(self, knob)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= highest:
                raise PolicyError(f"{knob} must be a whole number from 1 to {highest:,}, not {value!r}")

    def _refuse_attribute(self, tag: str, attribute: str) -> None:
        where = f"<{tag} {attribute}>"
        if not _ATTRIBUTE_NAME.match(attribute):
            raise PolicyError(f"{where}: {attribute!r} is not an attribute name")
        if attribute.startswith("on"):
            raise PolicyError(f"{where}: event handler attributes run script; never allowed")
        if attribute in _FORBIDDEN_ATTRIBUTES:
            raise PolicyError(f"{where}: never allowed, because {_FORBIDDEN_ATTRIBUTES[attribute]}")
        if attribute in _URL_BEARING and attribute not in self.url_attributes:
            raise PolicyError(f"{where} holds a URL; add {attribute!r} to url_attributes so it is judged")

    def __hash__(self) -> int:
        return hash(self.version)

    @cached_property
    def version(self) -> str:
        """A short, stable hash of these settings and the sanitizer's own version.

        Stored with every comment, so a later change of policy, of commentguard's sanitizer
        or of bleach finds exactly the comments to re-clean.
        """
        settings: dict[str, object] = {}
        for knob in fields(self):
            if knob.name in _NOT_IN_VERSION:
                continue
            value = getattr(self, knob.name)
            settings[knob.name] = sorted(value) if isinstance(value, frozenset) else value
        settings["tags"] = {tag: sorted(attrs) for tag, attrs in self.tags.items()}
        settings["sanitizer"] = [SANITIZER_REVISION, _package_version("bleach")]
        canonical = json.dumps(settings, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]

    @property
    def links_allowed(self) -> bool:
        """Whether ``<a href>`` survives, and so whether linkify can make links at all."""
        return "href" in self.tags.get("a", ())

    def allowing(
        self,
        *,
        tags: TagSpec = (),
        url_schemes: Iterable[str] = (),
        url_attributes: Iterable[str] = (),
    ) -> Policy:
        """Return a policy that also allows these tags (with attributes), schemes and URL attributes.

        >>> "s" in WORDPRESS_POLICY.allowing(tags={"s"}).tags
        True
        """
        merged = {tag: set(attrs) for tag, attrs in self.tags.items()}
        for tag, attrs in _as_tag_map(tags).items():
            merged.setdefault(tag, set()).update(attrs)
        return replace(
            self,
            tags={tag: frozenset(attrs) for tag, attrs in merged.items()},
            url_schemes=self.url_schemes | _names(url_schemes, "url_schemes"),
            url_attributes=self.url_attributes | _names(url_attributes, "url_attributes"),
        )

    def without(
        self,
        *,
        tags: Iterable[str] = (),
        attributes: Mapping[str, Iterable[str]] | None = None,
        url_schemes: Iterable[str] = (),
    ) -> Policy:
        """Return a policy that no longer allows these tags, per-tag attributes or schemes.

        >>> WORDPRESS_POLICY.without(attributes={"a": {"title"}}).tags["a"]
        frozenset({'href'})
        """
        gone_tags = _names(tags, "tags")
        gone_attrs = _as_tag_map(attributes or {})
        kept = {
            tag: attrs - gone_attrs.get(tag, frozenset())
            for tag, attrs in self.tags.items()
            if tag not in gone_tags
        }
        return replace(self, tags=kept, url_schemes=self.url_schemes - _names(url_schemes, "url_schemes"))

    def describe(self, locale: str = "en") -> str:
        """The comment form's sentence listing what is allowed, in ``locale``'s language.

        >>> WORDPRESS_POLICY.describe("sv")[:45]
        'Följande HTML-taggar och attribut är tillåtna'
        """
        listed = " ".join(
            "<" + " ".join([tag, *(f'{a}=""' for a in sorted(attrs))]) + ">"
            for tag, attrs in self.tags.items()
        )
        return f"{translate(ALLOWED_TAGS_INTRO, locale)} {listed}"


WORDPRESS_POLICY = Policy(
    tags={
        "a": {"href", "title"},
        "abbr": {"title"},
        "acronym": {"title"},
        "b": (),
        "blockquote": {"cite"},
        "cite": (),
        "code": (),
        "del": {"datetime"},
        "em": (),
        "i": (),
        "q": {"cite"},
        "strike": (),
        "strong": (),
    }
)
"""Exactly the whitelist a WordPress comment form documents (``<s>``: ``allowing(tags={"s"})``)."""
