"""The building blocks of :mod:`commentguard.testing.strategies`: tables and helper strategies.

Only what uses no public strategy lives here; what is built on one (``attributes``,
start tags, policy markup, ``hostile_html``'s elements) stays in ``strategies``.
"""

from __future__ import annotations

from hypothesis import strategies as st

from commentguard import Policy

_DANGEROUS_TAGS = (
    "script", "style", "img", "svg", "math", "iframe", "object", "embed", "form", "input",
    "button", "base", "meta", "link", "body", "html", "head", "frameset", "details", "video",
    "audio", "source", "image", "isindex", "marquee", "select", "option", "keygen",
)  # fmt: skip
_PARSER_SPECIAL_TAGS = (
    "table", "tbody", "tr", "td", "th", "caption", "colgroup", "col", "p", "div", "li", "ul",
    "dd", "dt", "pre", "listing", "nobr", "font", "center", "hr", "br", "wbr", "ruby", "rt",
    "frame", "plaintext", "template", "noscript", "textarea", "title", "xmp", "noembed",
    "noframes", "s", "u", "span", "a", "custom-element", "foreignobject", "mglyph", "search",
)  # fmt: skip
_HANDLER_NAMES = (
    "onclick", "onerror", "onload", "onmouseover", "onfocus", "ontoggle", "onanimationstart",
    "onbegin", "onpointerenter", "ONCLICK", "oNeRrOr",
)  # fmt: skip
_ODD_ATTRIBUTE_NAMES = (
    "style", "srcdoc", "src", "srcset", "action", "formaction", "data", "poster", "background",
    "xlink:href", "xmlns", "xmlns:xlink", "xml:base", "rel", "target", "id", "name", "class",
    "is", "autofocus", "tabindex", "attributename", "values", "to", "from", "by", "begin",
    "http-equiv", "content", "encoding", "type", "ping", '"', "'", "`", "<", "/", "=x",
)  # fmt: skip
_SCRIPT_SCHEMES = ("javascript", "vbscript", "data", "livescript", "jscript", "mocha", "blob")
_COLONS = (":", ":", ":", "&colon;", "&#58;", "&#x3a;", "&#X3A", "&#0000058", "%3a", "\uff1a")
_URL_TAILS = (
    "alert(1)", "123", "//%0aalert(1)", "alert`1`", "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "text/html,<script>alert(1)</script>", "//example.se/x", "x@example.se", "", "8000",
)  # fmt: skip
_RELATIVE_URLS = (
    "/x", "//evil.example/x", "\\\\evil.example\\x", "/\\evil.example", "?q=1", "#frag", "",
    " ", "x", "./javascript:alert(1)", "javascript", "http", "www.example.se", ":x",
)  # fmt: skip
_INVISIBLES = (
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u034f", "\u061c",
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
    "\u2068", "\u2069", "\u00a0", "\u1680", "\u2000", "\u2007", "\u200a", "\u2028", "\u2029",
    "\u202f", "\u205f", "\u3000", "\u3164", "\ufff9", "\ufffb", "\U000e0001", "\U000e0041",
)  # fmt: skip
_CONTROLS = tuple(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0)]))
_ENCODED_SPACES = ("&#9;", "&#x09;", "&#10;", "&#x0A;", "&#13;", "&Tab;", "&NewLine;", "&#0;", "&#x200b;")
_PAYLOADS = ("alert(1)", "<img src=x onerror=alert(1)>", "</b>", "<!--", "-->", "]]>", "x")


def _policy_tags(policy: Policy) -> tuple[str, ...]:
    return tuple(policy.tags)


def _random_case(draw: st.DrawFn, text: str) -> str:
    """Flip the case of some letters, keeping the common all-lower form the most likely."""
    if draw(st.integers(0, 3)):
        return text
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if flip else c for c, flip in zip(text, flips, strict=True))


@st.composite
def _tag_name(draw: st.DrawFn, names: st.SearchStrategy[str]) -> str:
    suffix: str = draw(st.sampled_from(("",) * 8 + ("/x", "\x00", "-", ":x")))
    return _random_case(draw, draw(names)) + suffix


@st.composite
def _attribute_name(draw: st.DrawFn, names: st.SearchStrategy[str]) -> str:
    return _random_case(draw, draw(names))


_SPLITTERS = (
    st.sampled_from(("\t", "\n", "\r", "\x00", "\x01"))
    | st.sampled_from(_INVISIBLES)
    | st.sampled_from(_ENCODED_SPACES)
)


def _obfuscate(draw: st.DrawFn, scheme: str) -> str:
    """Write ``scheme`` so that a browser still reads it: entities, case, invisible characters."""
    out = []
    for char in scheme:
        how = draw(st.integers(0, 9))
        if how == 0:
            code = ord(char)
            out.append(draw(st.sampled_from((f"&#{code};", f"&#x{code:x};", f"&#X{code:X}", f"&#000{code}"))))
        elif how == 1:
            out.append(char + draw(_SPLITTERS))
        else:
            out.append(char.upper() if how == 2 else char)
    return "".join(out)


@st.composite
def _url(draw: st.DrawFn, schemes: tuple[str, ...]) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(_RELATIVE_URLS))
    lead: str = draw(st.sampled_from(("",) * 6 + (" ", "\x01", "\u00a0", "&#32;", "\ufeff", "&#0;")))
    scheme = _obfuscate(draw, draw(st.sampled_from(schemes)))
    return lead + scheme + draw(st.sampled_from(_COLONS)) + draw(st.sampled_from(_URL_TAILS))


_VALUE_PIECES = st.sampled_from(
    ('"', "'", "`", "\n", "\r\n", "\t", ">", "<", "/", "=", "&quot;", "&#34;", "&#39;", "&#96;",
     "&gt;", "&lt;", "&amp;", "&", " ", "2024-05-01", "2024-05-01T12:00Z", "x", *_PAYLOADS)
)  # fmt: skip


_TAG_ENDS = st.sampled_from((">", ">", ">", ">", "/>", " />", " >", "", "<", "\n>"))


_COMMENT_FORMS = st.sampled_from(
    ("<!--{}-->", "<!--{}--!>", "<!-->{}", "<!--->{}", "<!---->{}", "<!--{}", "<!{}>",
     "<?{}>", "</ {}>", "<![CDATA[{}]]>", "<!--[if IE]>{}<![endif]-->", "<!DOCTYPE {}>",
     "<!--{}--->", "<!-- <!-- {} --> -->")
)  # fmt: skip
_COMMENT_TEXT = st.lists(st.sampled_from((*_PAYLOADS, "--", "-", "!", ">", "--!")), max_size=4).map("".join)


_RAW_TEXT_NAMES = st.sampled_from(
    ("script", "style", "textarea", "title", "noscript", "template", "xmp", "iframe", "noembed",
     "noframes", "plaintext", "select", "option")
)  # fmt: skip


@st.composite
def _raw_text_element(draw: st.DrawFn) -> str:
    name = draw(_RAW_TEXT_NAMES)
    early = draw(st.sampled_from((f"</{name}>", f"</{name.upper()}>", f"</{name} x>", f"</{name}x>", "")))
    content = draw(
        st.lists(st.sampled_from((*_PAYLOADS, '<b title="', '">', "<!--<script>", early)), max_size=5)
    )
    close = draw(st.sampled_from((f"</{name}>", "", f"</{name}\n>")))
    return f"<{_random_case(draw, name)}>{''.join(content)}{close}"


_SVG_CHILDREN = (
    "<style>{}</style>", "<foreignObject>{}</foreignObject>", "<desc>{}</desc>", "<title>{}</title>",
    "<script>{}</script>", '<a xlink:href="javascript:alert(1)">{}</a>',
    '<animate attributeName="href" values="javascript:alert(1)"/>{}', "<![CDATA[{}]]>",
    "<p>{}</p>", '<image href="x" onerror="alert(1)"/>{}', "<font color=x>{}</font>", "<g>{}</g>",
    "<style>{}", "<script>{}", '<text x="1" onclick="alert(1)">{}</text>', "<desc><noscript>{}",
)  # fmt: skip
_MATH_CHILDREN = (
    "<mtext>{}</mtext>", "<mi>{}</mi>", "<mglyph>{}</mglyph>", "<malignmark>{}</malignmark>",
    '<annotation-xml encoding="text/html">{}</annotation-xml>', "<annotation-xml>{}</annotation-xml>",
    '<maction xlink:href="javascript:alert(1)">{}</maction>', "<ms>{}</ms>", "<style>{}</style>",
    "<table>{}</table>", "<mtext><table><mglyph><style>{}",
)  # fmt: skip
_HTML_IN_FOREIGN = st.sampled_from(
    (*_PAYLOADS, "<b>x</b>", "<style>", "<!--", "</p>", "<table>", "<img src=x>", "</svg>", "</math>")
)


def _wrap_foreign(outer: str, layers: list[str], inner: str, closed: bool = True) -> str:
    for layer in reversed(layers):
        inner = layer.format(inner)
    return f"<{outer}>{inner}</{outer}>" if closed else f"<{outer}>{inner}"


@st.composite
def _deep(draw: st.DrawFn, names: st.SearchStrategy[str], max_depth: int) -> str:
    tag = draw(names)
    opened = draw(st.integers(0, max_depth + 40))
    closed = draw(st.integers(0, opened + 3))
    return f"<{tag}>" * opened + "x" + f"</{tag}>" * closed


@st.composite
def _crossed(draw: st.DrawFn, names: st.SearchStrategy[str]) -> str:
    tags = draw(st.lists(names, min_size=1, max_size=8))
    closes = draw(st.permutations(tags))
    return "".join(f"<{t}>{i}" for i, t in enumerate(tags)) + "".join(f"</{t}>" for t in closes)


# The adoption agency's raw material: the formatting elements it clones and reparents (the
# HTML spec's list but <a>, which cannot run: each closes the one before), and special
# ("block") elements that become its furthest block.
_FORMATTING_TAGS = (
    "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
)  # fmt: skip
_BLOCK_TAGS = ("blockquote", "div", "p", "li", "ul", "pre", "center", "h1", "table", "address", "dd")
_SECOND_OPENERS = ("<a>", "<a>", "<a>", "<a><a>", "<nobr>", "<q>", "<blockquote>")
_SAFE_HREFS = ("https://example.se/a", "http://x.se", "mailto:a@example.se")


@st.composite
def _adoption(
    draw: st.DrawFn,
    formatting: st.SearchStrategy[str],
    blocks: st.SearchStrategy[str],
    hrefs: st.SearchStrategy[str],
) -> str:
    """A link around a run of >= 4 open formatting tags, a block, a second link and stray end tags.

    The shape of issue 14 (``<a href><b><b><b><b><blockquote><a></b></b></b>``): past the
    adoption agency's limits (three identical entries, three inner-loop steps) it builds a
    tree that serialization cannot round-trip. The run repeats one tag, sometimes with
    another mixed in; the stray end tags close that tag, mostly three times or more. Each
    part is drawn mostly in the form that keeps it (an allowed ``href``, the policy's tags).
    """

    def href() -> str:
        return draw(hrefs) if draw(st.integers(0, 3)) == 0 else draw(st.sampled_from(_SAFE_HREFS))

    link = f'<a href="{href()}">' if draw(st.integers(0, 4)) else draw(st.sampled_from(("<nobr>", "<q>")))
    tag = draw(formatting)
    run = [tag] * draw(st.integers(4, 7))
    if draw(st.integers(0, 2)) == 0:
        run.insert(draw(st.integers(0, len(run))), draw(formatting))
    block = draw(blocks)
    second = draw(st.sampled_from(_SECOND_OPENERS))
    if second.startswith("<a>") and draw(st.booleans()):
        second = second.replace("<a>", f'<a href="{href()}">', 1)
    strays = [tag] * draw(st.integers(0, len(run)) | st.integers(3, len(run)))
    strays += draw(st.lists(st.sampled_from(("a", block, "q", "nobr", *run)), max_size=2))
    text = draw(st.sampled_from(("", "", "x", " www.example.se ")))
    opened = "".join(f"<{name}>{text}" for name in run)
    return f"{link}{text}{opened}<{block}>{text}{second}{text}" + "".join(
        f"</{name}>{text}" for name in strays
    )


_TEXT_PIECES = st.sampled_from(
    ("Tack", " ", "hej", "å", "\n", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#60;", "&#x3C;",
     "&#0;", "&#xD800;", "&#x110000;", "&#128;", "&notin", "&amp", "&", "<", ">", "<<", '"', "'",
     "`", "https://example.se/a?b=1&c=2", "www.example.se", "http://x.se/\"onclick=alert(1)",
     "mailto:a@example.se", "javascript:alert(1)", "</", "<!", "<?", "<a")
)  # fmt: skip


_CLOSERS = ("", "</b>", "</a>")
