"""The request: the client's address through trusted proxies, from WSGI environs and ASGI scopes."""

from __future__ import annotations

import ipaddress
import logging
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import (
    CommentGuard,
    MemoryStore,
    Rejected,
    RequestInfo,
    Status,
    TrustedProxies,
    request_from_asgi,
    request_from_wsgi,
)

PROXIES = TrustedProxies(["10.0.0.0/8", "2001:db8:ffff::1", "127.0.0.1"])


def _wsgi(peer: str, **headers: str) -> str:
    environ = {"REMOTE_ADDR": peer, **{f"HTTP_{name.upper()}": value for name, value in headers.items()}}
    return request_from_wsgi(environ, trusted_proxies=PROXIES).ip


@pytest.mark.parametrize(
    ("peer", "headers", "client"),
    [
        ("203.0.113.7", {"x_forwarded_for": "198.51.100.1"}, "203.0.113.7"),  # untrusted peer: header ignored
        ("10.1.2.3", {"x_forwarded_for": "198.51.100.1"}, "198.51.100.1"),
        ("10.1.2.3", {"x_forwarded_for": "6.6.6.6, 198.51.100.1, 10.9.9.9"}, "198.51.100.1"),
        ("10.1.2.3", {"x_forwarded_for": "10.4.4.4, 10.5.5.5"}, "10.4.4.4"),  # all trusted: left-most
        ("10.1.2.3", {"x_forwarded_for": "198.51.100.1:4711"}, "198.51.100.1"),
        ("10.1.2.3", {"x_forwarded_for": "[2001:db8::17]:4711"}, "2001:db8::17"),
        ("2001:db8:ffff::1", {"x_forwarded_for": "198.51.100.1"}, "198.51.100.1"),
        ("::ffff:10.0.0.5", {"x_forwarded_for": "198.51.100.1"}, "198.51.100.1"),  # v4-mapped peer
        ("10.1.2.3", {"forwarded": "for=192.0.2.60;proto=http;by=203.0.113.43"}, "192.0.2.60"),
        ("10.1.2.3", {"forwarded": 'for="[2001:db8:cafe::17]:4711"'}, "2001:db8:cafe::17"),
        ("10.1.2.3", {"forwarded": "for=6.6.6.6, For=192.0.2.61, for=10.0.0.9"}, "192.0.2.61"),
        ("10.1.2.3", {"forwarded": "for=192.0.2.60", "x_forwarded_for": "6.6.6.6"}, "192.0.2.60"),
        ("10.1.2.3", {"forwarded": "for=unknown"}, ""),
        ("10.1.2.3", {"forwarded": "for=_hidden, for=10.0.0.2"}, ""),
        ("10.1.2.3", {}, "10.1.2.3"),  # trusted peer without a header: the peer itself
        ("", {"x_forwarded_for": "198.51.100.1"}, ""),  # Unix socket: unknown
    ],
)
def test_client_is_the_right_most_untrusted_hop(peer: str, headers: dict[str, str], client: str) -> None:
    """The address is the peer unless it is a trusted proxy, then the right-most untrusted forwarded hop."""
    assert _wsgi(peer, **headers) == client


@pytest.mark.parametrize(
    "header",
    ["not-an-ip", "198.51.100.1, ;;", "1.2.3.4.5", "for=", "for=1.2.3.4;;by", 'for="1.2.3.4', "x" * 9000],
)
def test_garbage_header_gives_unknown_and_a_warning(header: str, caplog: pytest.LogCaptureFixture) -> None:
    """A forwarding header that does not parse gives an unknown address and a logged warning, no exception."""
    for name in ("x_forwarded_for", "forwarded"):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="commentguard.request"):
            ip = _wsgi("10.0.0.1", **{name: header})
        assert ip == ""
        assert any("client address unknown" in r.getMessage() for r in caplog.records)


def test_the_warning_names_no_address(caplog: pytest.LogCaptureFixture) -> None:
    """The warning says which header did not parse, never its value: it carries visitors' addresses."""
    with caplog.at_level(logging.WARNING, logger="commentguard.request"):
        assert _wsgi("10.0.0.1", x_forwarded_for="198.51.100.23, garbage") == ""
    text = caplog.text
    assert "X-Forwarded-For" in text
    assert "198.51.100" not in text
    assert "garbage" not in text


def test_a_garbage_peer_is_unknown_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    """A REMOTE_ADDR that is not an address gives "" and a warning, and no header is believed."""
    with caplog.at_level(logging.WARNING, logger="commentguard.request"):
        assert _wsgi("a\udcff\x00\r\n", x_forwarded_for="198.51.100.1") == ""
    assert caplog.records


_HEADER_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.one_of(st.ip_addresses().map(str), st.sampled_from(["unknown", "_x", '"', "[", "]:1", ";", "="])),
        max_size=8,
    ).map(", ".join),
    st.lists(st.ip_addresses().map(lambda a: f'for="{a}"' if a.version == 6 else f"for={a}"), max_size=6).map(
        ", ".join
    ),
)


_PEER = st.one_of(st.ip_addresses().map(str), st.text(max_size=40))


def _addresses_in(*texts: str) -> set[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address written anywhere in ``texts`` (IPv4-mapped IPv6 ones also as IPv4)."""
    found: set[ipaddress.IPv4Address | ipaddress.IPv6Address] = set()
    for token in re.findall(r"[0-9A-Fa-f:.]+", " ".join(texts)):
        for candidate in (token, token.rsplit(":", 1)[0], token.strip(":")):
            try:
                address = ipaddress.ip_address(candidate)
            except ValueError:
                continue
            found.add(address)
            if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
                found.add(address.ipv4_mapped)
    return found


@given(forwarded=_HEADER_TEXT, xff=_HEADER_TEXT, peer=_PEER)
def test_any_header_gives_a_named_address_or_unknown(forwarded: str, xff: str, peer: str) -> None:
    """For any Forwarded/X-Forwarded-For value the IP is "" or an address the request named; never raises."""
    environ = {"REMOTE_ADDR": peer, "HTTP_FORWARDED": forwarded, "HTTP_X_FORWARDED_FOR": xff}
    ip = request_from_wsgi(environ, trusted_proxies=TrustedProxies(["0.0.0.0/0", "::/0"])).ip
    if ip:
        assert ipaddress.ip_address(ip) in _addresses_in(forwarded, xff, peer)
    header = forwarded.encode("utf-8", "replace")
    scope = {"type": "http", "client": (peer, 1), "headers": [(b"forwarded", header)]}
    request_from_asgi(scope, trusted_proxies=PROXIES)  # raises nothing either


def test_asgi_scope_reads_client_headers_and_user() -> None:
    """An ASGI scope gives the client, the joined forwarding headers, the user agent and the user id."""

    class User:
        is_authenticated = True
        identity = "lena"

    scope = {
        "type": "http",
        "client": ("10.0.0.4", 51000),
        "headers": [
            (b"x-forwarded-for", b"6.6.6.6"),
            (b"X-Forwarded-For", b"198.51.100.9"),
            (b"user-agent", b"Mozilla/5.0 \xe5"),
        ],
        "user": User(),
    }
    request = request_from_asgi(scope, trusted_proxies=PROXIES)
    assert (request.ip, request.user_agent, request.user_id) == ("198.51.100.9", "Mozilla/5.0 å", "lena")
    assert request_from_asgi({"type": "http", "client": None, "headers": None}).ip == ""


def test_wsgi_takes_remote_user_and_user_agent() -> None:
    """REMOTE_USER becomes the user id unless the site passes its own; the user agent is kept."""
    environ = {"REMOTE_ADDR": "203.0.113.7", "REMOTE_USER": "anna", "HTTP_USER_AGENT": "Firefox"}
    assert request_from_wsgi(environ).user_id == "anna"
    assert request_from_wsgi(environ, user_id="42").user_id == "42"
    assert request_from_wsgi(environ).user_agent == "Firefox"


@pytest.mark.parametrize("bad", [None, "REMOTE_ADDR=1.2.3.4", 42])
def test_request_helpers_refuse_what_is_not_a_mapping(bad: object) -> None:
    """A wrong type for the environ or scope is a TypeError that names what was expected."""
    with pytest.raises(TypeError, match="environ"):
        request_from_wsgi(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="scope"):
        request_from_asgi(bad)  # type: ignore[arg-type]


def test_trusted_proxies_refuse_what_is_not_an_address() -> None:
    """A misspelt trusted proxy is a configuration error at start, not a silent trust-nothing."""
    with pytest.raises(ValueError, match=r"10\.0\.0\.0/33"):
        TrustedProxies(["10.0.0.0/33"])
    assert TrustedProxies("10.0.0.1").networks == TrustedProxies(["10.0.0.1/32"]).networks


def test_unknown_ip_is_the_empty_string_and_garbage_is_refused() -> None:
    """RequestInfo takes "" or "unknown" as an unknown address, and refuses other non-addresses by name."""
    assert RequestInfo(ip="unknown").ip == RequestInfo(ip="").ip == ""
    with pytest.raises(ValueError, match="request_from_wsgi"):
        RequestInfo(ip="203.0.113.7, 10.0.0.1")


def test_visitors_with_unknown_ip_do_not_flood_each_other() -> None:
    """Two commenters whose address is unknown are not rate-limited as one; a shared known address is."""
    guard = CommentGuard(store=MemoryStore())

    def form(name: str) -> dict[str, str]:
        return {"post_id": "7", "author": name, "email": f"{name}@example.se", "content": f"Hej från {name}"}

    guard.submit(form("anna"), RequestInfo(ip=""))
    assert guard.submit(form("bo"), RequestInfo(ip="")).status is Status.PENDING
    guard.submit(form("cecilia"), RequestInfo(ip="203.0.113.7"))
    with pytest.raises(Rejected) as rejected:
        guard.submit(form("david"), RequestInfo(ip="203.0.113.7"))
    assert rejected.value.code == 429


@pytest.mark.parametrize(
    "scope",
    [
        {"client": "203.0.113.7", "headers": "x-forwarded-for: 1.2.3.4"},
        {
            "client": (None, None),
            "headers": [(b"x-forwarded-for",), 42, (1, 2), (b"user-agent", b"\x00\xff")],
        },
        {"client": ("10.0.0.1", 1), "headers": [(b"forwarded", b"for=" + b"9" * 100_000)]},
        {"client": [], "headers": [(b"x-forwarded-for", b"\r\n1.2.3.4")]},
        {"client": ("10.0.0.1", 1), "user": object(), "headers": ()},
    ],
)
def test_hostile_asgi_scopes_give_an_unknown_or_peer_ip_never_an_exception(scope: dict[str, object]) -> None:
    """Wrong types, broken header pairs, NUL, CR/LF and huge values in a scope never raise."""
    request = request_from_asgi(scope, trusted_proxies=PROXIES)
    assert request.ip in ("", "203.0.113.7", "10.0.0.1", "1.2.3.4")
    assert request.user_id is None


@pytest.mark.parametrize("entry", ["", "not-an-ip", "10.0.0.0/8/8", "\x00", "::1%", "1.2.3.4 5"])
def test_trusted_proxy_entries_that_are_not_addresses_are_refused(entry: str) -> None:
    """Each malformed trusted-proxy entry is a ValueError naming it, at configuration time."""
    with pytest.raises(ValueError, match="trusted proxy"):
        TrustedProxies([entry])
