"""The request a comment came in on: the client's address through the proxies the site trusts.

Behind a reverse proxy every request arrives from the proxy's address, and the visitor's
address is in a header the proxy wrote (``Forwarded``, RFC 7239, or ``X-Forwarded-For``).
Anyone can send those headers too, so they count only for a hop that a proxy the site lists
as trusted appended. :func:`request_from_wsgi` and :func:`request_from_asgi` read the chain
from the right (the hop nearest to us) and take the first address that is not a trusted
proxy::

    >>> from commentguard import TrustedProxies, request_from_wsgi
    >>> proxies = TrustedProxies(["10.0.0.0/8"])
    >>> environ = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7",
    ...            "HTTP_USER_AGENT": "Firefox"}
    >>> request_from_wsgi(environ, trusted_proxies=proxies).ip
    '203.0.113.7'
    >>> request_from_wsgi(environ).ip   # no trusted proxy: the header is the client's word
    '10.0.0.2'

An address that cannot be known is ``""`` in :class:`~commentguard.RequestInfo`: a header
that does not parse, RFC 7239's ``unknown`` or an obfuscated node, a Unix-socket peer. It is
never an exception; garbage is logged as a warning (logger ``commentguard.request``). The
IP-based checks skip an unknown address rather than lump every such visitor together: flood,
duplicate and spam-history compare the email address and author instead.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from commentguard.submission import RequestInfo

__all__ = ["TrustedProxies", "request_from_asgi", "request_from_wsgi"]

_log = logging.getLogger("commentguard.request")
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_MAX_HEADER = 8192  # longer than any honest proxy chain; parsing more only costs time
_MAX_HOPS = 64
# One Forwarded element's pairs: token=token or token="quoted string" (RFC 7239 §4).
_PAIR = re.compile(r'\s*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)=("(?:[^"\\]|\\.)*"|[!#$%&\'*+.^_`|~0-9A-Za-z-]*)\s*')
_ELEMENTS = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*")+')
_V4_PORT = re.compile(r"([0-9.]+):[0-9]{1,5}")
_V6_PORT = re.compile(r"\[([^\]]+)\](?::[0-9]{1,5})?")


class _Unknown(Exception):
    """A hop whose address cannot be known; ``garbage`` when the header did not parse."""

    def __init__(self, garbage: bool) -> None:
        super().__init__()
        self.garbage = garbage


@dataclass(frozen=True, init=False)
class TrustedProxies:
    """The reverse proxies whose forwarding headers the site believes: addresses and CIDR ranges.

    ``TrustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"])``; empty (the default) trusts no
    header at all, which is right for a site that faces the internet directly.

    Raises:
        ValueError: an entry is not an IP address or network.

    """

    networks: tuple[_Network, ...]

    def __init__(self, proxies: Iterable[str] = ()) -> None:
        if isinstance(proxies, str):
            proxies = [proxies]  # a single address, not its characters
        networks = []
        for entry in proxies:
            try:
                networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
            except ValueError as exc:
                raise ValueError(f"trusted proxy {entry!r} is not an IP address or CIDR range") from exc
        object.__setattr__(self, "networks", tuple(networks))

    def __contains__(self, address: object) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)) and any(
            address in network for network in self.networks
        )

    def client_ip(self, peer: str, *, forwarded: str = "", x_forwarded_for: str = "") -> str:
        """The client's address (``""`` when unknown) from the peer and the forwarding headers.

        ``Forwarded`` wins over ``X-Forwarded-For`` when both are sent. Never raises for what
        a request carries; garbage is logged as a warning and gives ``""``.
        """
        if not peer.strip():
            return ""  # a Unix socket or a server that does not say: unknown, and nothing wrong
        try:
            address = _address(peer)
            if address not in self:
                return _text(address)
            hops = _forwarded_hops(forwarded) if forwarded.strip() else _xff_hops(x_forwarded_for)
            for hop in reversed(hops[-_MAX_HOPS:]):
                address = _address(hop)  # raises _Unknown: an unknown hop ends the walk
                if address not in self:
                    break
            return _text(address)  # every hop trusted: the left-most is the client
        except _Unknown as unknown:
            if unknown.garbage:
                # Which header and how long, never its value: it holds visitors' addresses.
                header = "Forwarded" if forwarded.strip() else "X-Forwarded-For"
                _log.warning(
                    "client address unknown: unreadable peer address (%d characters) or %s header "
                    "(%d characters); check the proxy's configuration",
                    len(peer),
                    header,
                    len(forwarded or x_forwarded_for),
                )
            return ""


def _text(address: _Address) -> str:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def _address(node: str) -> _Address:
    """One hop's address; ports and IPv6 brackets dropped. Raises :class:`_Unknown`."""
    node = node.strip()
    if node.lower() == "unknown" or node.startswith("_"):
        raise _Unknown(garbage=False)  # RFC 7239: unknown, or an obfuscated identifier
    bracketed = _V6_PORT.fullmatch(node)
    with_port = _V4_PORT.fullmatch(node)
    candidate = bracketed.group(1) if bracketed else with_port.group(1) if with_port else node
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        raise _Unknown(garbage=True) from None


def _xff_hops(header: str) -> list[str]:
    if len(header) > _MAX_HEADER:
        raise _Unknown(garbage=True)
    return [hop for hop in header.split(",") if hop.strip()]


def _forwarded_hops(header: str) -> list[str]:
    """The ``for=`` node of each element of a ``Forwarded`` header, left to right."""
    if len(header) > _MAX_HEADER:
        raise _Unknown(garbage=True)
    hops = []
    for element in _ELEMENTS.findall(header):
        found = ""
        for pair in element.split(";"):
            if not pair.strip():
                continue
            match = _PAIR.fullmatch(pair)
            if match is None:
                raise _Unknown(garbage=True)
            if match.group(1).lower() == "for":
                value = match.group(2)
                found = value[1:-1].replace('\\"', '"') if value.startswith('"') else value
        if not found:
            raise _Unknown(garbage=True)  # an element without for= says nothing about the client
        hops.append(found)
    return hops


def request_from_wsgi(
    environ: Mapping[str, Any],
    *,
    trusted_proxies: TrustedProxies | None = None,
    user_id: str | None = None,
    is_moderator: bool = False,
) -> RequestInfo:
    """The :class:`~commentguard.RequestInfo` of a WSGI request (``request.environ`` in Flask).

    The IP is ``REMOTE_ADDR``, or the right-most untrusted hop of ``Forwarded`` /
    ``X-Forwarded-For`` when the peer is a trusted proxy. ``user_id`` defaults to
    ``REMOTE_USER`` (set by a server that authenticated the user).

    Raises:
        TypeError: ``environ`` is not a mapping.

    """
    if not isinstance(environ, Mapping):
        raise TypeError(f"request_from_wsgi() takes the WSGI environ mapping, not {type(environ).__name__}")
    proxies = trusted_proxies or TrustedProxies()
    ip = proxies.client_ip(
        _str(environ.get("REMOTE_ADDR")),
        forwarded=_str(environ.get("HTTP_FORWARDED")),
        x_forwarded_for=_str(environ.get("HTTP_X_FORWARDED_FOR")),
    )
    remote_user = _str(environ.get("REMOTE_USER")).strip() or None
    return _request(ip, _str(environ.get("HTTP_USER_AGENT")), user_id or remote_user, is_moderator)


def request_from_asgi(
    scope: Mapping[str, Any],
    *,
    trusted_proxies: TrustedProxies | None = None,
    user_id: str | None = None,
    is_moderator: bool = False,
) -> RequestInfo:
    """The :class:`~commentguard.RequestInfo` of an ASGI HTTP request (``request.scope``).

    The IP is the scope's ``client`` host, or the right-most untrusted forwarded hop as in
    :func:`request_from_wsgi`. Repeated header lines are joined, as HTTP says they may be.
    ``user_id`` defaults to ``scope["user"].identity`` when an authenticated user is there
    (Starlette's authentication middleware).

    Raises:
        TypeError: ``scope`` is not a mapping.

    """
    if not isinstance(scope, Mapping):
        raise TypeError(f"request_from_asgi() takes the ASGI scope mapping, not {type(scope).__name__}")
    headers = _asgi_headers(scope.get("headers"))
    client = scope.get("client")
    peer = client[0] if isinstance(client, Sequence) and not isinstance(client, str) and client else ""
    ip = (trusted_proxies or TrustedProxies()).client_ip(
        _str(peer), forwarded=headers.get("forwarded", ""), x_forwarded_for=headers.get("x-forwarded-for", "")
    )
    user = scope.get("user")
    if user_id is None and getattr(user, "is_authenticated", False) is True:
        user_id = _str(getattr(user, "identity", "")).strip() or None
    return _request(ip, headers.get("user-agent", ""), user_id, is_moderator)


def _asgi_headers(raw: object) -> dict[str, str]:
    headers: dict[str, list[str]] = {}
    if isinstance(raw, Iterable) and not isinstance(raw, (str, bytes)):
        for pair in raw:
            if isinstance(pair, Sequence) and len(pair) == 2:
                name, value = (_str(part) for part in pair)
                headers.setdefault(name.lower(), []).append(value)
    return {name: ",".join(values) for name, values in headers.items()}


def _str(value: object) -> str:
    """A header value as text: bytes as Latin-1 (as HTTP and WSGI have them), anything else empty."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""


def _request(ip: str, user_agent: str, user_id: str | None, is_moderator: bool) -> RequestInfo:
    return RequestInfo(ip=ip, user_agent=user_agent, user_id=user_id, is_moderator=is_moderator)
