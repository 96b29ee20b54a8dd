r"""The commenter's website: an ``http``/``https`` URL stored exactly as a browser will read it.

The value is split the way the WHATWG URL parser splits an ``http(s)`` URL (a ``\`` counts
as ``/`` before the query), judged by its own scheme (``mailto:?x`` and ``javascript:1`` are
refused, never prefixed with ``http://``), and each part is percent-encoded where a browser
would encode it: ``<``, ``>``, ``"`` and white space always, so any template can print the
stored value inside a double-quoted attribute, and the link it publishes is the one the
commenter typed and validation read.

>>> normal_author_url("Example.SE/Malmö (stad)")
'http://example.se/Malmö%20(stad)'
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

# A scheme, unless the prefix is a host with a dot followed by a port ("example.se:8080/x").
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_HOST_AND_PORT = re.compile(r"[^:/\\?#]*\.[^:/\\?#]*:\d*(?:[/\\?#]|\Z)")
# A host name is letters (any script: IDN), digits, '-', '_' and dots; WHATWG's forbidden host
# code points, quotes and white space are all outside it.
_BAD_HOST = re.compile(r"[^\w.-]")
_PORT = re.compile(r"\d{1,5}\Z")
_LABEL_DOTS = re.compile(r"\.{2,}")
_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zs", "Zl", "Zp"})
# What the browser percent-encodes in each part (WHATWG's path, special-query and fragment
# sets; '#' and '?' cannot be left inside a part), so the stored URL is the link the browser
# reads from what was typed. All three hold '<', '>' and '"'.
_UNSAFE = {"path": ' "<>`{}', "query": " \"<>'", "fragment": ' "<>`'}


def normal_author_url(value: str) -> str:
    """The stored form of the author URL ``value`` (already stripped, controls removed).

    Raises:
        ValueError: not an ``http``/``https`` URL with a valid host, or it holds credentials.

    """
    scheme_match = _SCHEME.match(value)
    if scheme_match and not _HOST_AND_PORT.match(value):
        scheme = scheme_match.group(1).lower()
        if scheme not in ("http", "https"):
            raise ValueError(f"scheme {scheme!r} is not http or https")
        rest = value[scheme_match.end() :]
        if not rest.replace("\\", "/").startswith("//"):
            raise ValueError("no host after the scheme")
        rest = rest[2:]
    elif value.startswith(("//", "\\\\", "/\\", "\\/")):
        raise ValueError("a scheme-relative URL")  # it would follow the page's scheme
    else:
        scheme, rest = "http", value  # WordPress does the same for "example.se"
    authority, path, query, fragment = _split(rest)
    host = _host(authority)
    return (
        f"{scheme}://{host}{_encoded(path or '/', 'path')}"
        + (f"?{_encoded(query, 'query')}" if query is not None else "")
        + (f"#{_encoded(fragment, 'fragment')}" if fragment is not None else "")
    )


def _split(rest: str) -> tuple[str, str, str | None, str | None]:
    fragment = query = None
    if "#" in rest:
        rest, fragment = rest.split("#", 1)
    if "?" in rest:
        rest, query = rest.split("?", 1)
    rest = rest.replace("\\", "/")  # before the query, as the browser reads it
    authority, slash, path = rest.partition("/")
    return authority, slash + path, query, fragment


def _host(authority: str) -> str:
    if "@" in authority:
        raise ValueError("credentials in the URL would be published")  # "http://anna@example.se"
    host, port = authority, ""
    if authority.startswith("["):
        literal, bracket, after = authority[1:].partition("]")
        if not bracket:
            raise ValueError("an IPv6 address without its ']'")
        ipaddress.IPv6Address(literal)  # raises ValueError
        host, port = f"[{literal.lower()}]", after
        if port and not port.startswith(":"):
            raise ValueError("text after an IPv6 address")
        port = port[1:]
    elif ":" in authority:
        host, port = authority.rsplit(":", 1)
        if _BAD_HOST.search(host) or not host:
            raise ValueError("not a host name")
    elif _BAD_HOST.search(host) or not host:
        raise ValueError("not a host name")
    if host.startswith(".") or _LABEL_DOTS.search(host):
        raise ValueError("an empty label in the host name")
    if any(unicodedata.category(c) in _INVISIBLE for c in host):
        raise ValueError("an invisible character in the host name")  # it would read as another host
    if port and (not _PORT.match(port) or int(port) > 65535):
        raise ValueError("not a port")
    return host.lower() + (f":{port}" if port else "")


def _encoded(part: str, kind: str) -> str:
    unsafe = _UNSAFE[kind]
    return "".join(_percent(c) if c in unsafe or c.isspace() else c for c in part)


def _percent(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
