"""Recognising a commenter's email address and IP address in text, and masking them for reprs.

A ``repr`` ends up in logs, tracebacks and error reports, which are kept longer and read by
more people than the comment store, so no repr prints a whole email address, IP address or
user agent. The masks keep enough to tell two values apart while debugging::

    >>> mask_email("anna@example.se"), mask_ip("203.0.113.7"), mask_agent("Mozilla/5.0")
    ('a***@example.se', '203.0.113.***', '***')
    >>> mask_text("Anna <anna@example.se> från 2001:db8:1:2::7")
    'Anna <a***@example.se> från 2001:db8:1::***'

Text is split into runs at spaces and angle brackets, in one pass (no regex that can
backtrack: a name may be long).
"""

from __future__ import annotations

import ipaddress
import re
import traceback

_SEPARATORS = re.compile(r"([\s<>]+)")
_PUNCTUATION = "()[]{},;.!?\"'"


def runs(text: str) -> list[str]:
    """``text`` split at spaces and angle brackets, the separators kept: ``"".join`` restores it."""
    return _SEPARATORS.split(text)


def email_like(run: str) -> bool:
    """An ``@`` with something on both sides (``anna@example.se``, ``a@b@c``), not ``@anna``."""
    return "@" in run.strip("@")


def mask_email(email: str) -> str:
    """``anna@example.se`` → ``a***@example.se``: enough to recognise, too little to collect."""
    local, at, domain = email.rpartition("@")
    if not at:
        return "***" if email else ""
    return f"{local[:1]}***@{domain}"


def _ip(run: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(run)
    except ValueError:
        return None


def mask_ip(ip: str) -> str:
    """An IPv4 address without its last octet, an IPv6 address with its first 48 bits only.

    Anything that is not an IP address is masked whole.
    """
    address = _ip(ip.strip())
    if address is None:
        return "***" if ip else ""
    if isinstance(address, ipaddress.IPv4Address):
        return ip.strip().rsplit(".", 1)[0] + ".***"
    prefix = ipaddress.IPv6Address(int(address) >> 80 << 80)
    return f"{prefix}***"


def mask_agent(user_agent: str) -> str:
    """A user agent is a fingerprint: nothing of it is kept."""
    return "***" if user_agent else ""


def mask_text(text: str) -> str:
    """``text`` with each email-like run and each IP address in it masked."""
    masked = []
    for run in runs(text):
        if email_like(run):
            run = mask_email(run)
        else:
            for bare in (run.strip(_PUNCTUATION), run.strip(_PUNCTUATION + ":")):  # "::1", "at 10.0.0.1:"
                if bare and _ip(bare) is not None:
                    run = run.replace(bare, mask_ip(bare))
                    break
        masked.append(run)
    return "".join(masked)


def stack_without_message(exc: BaseException) -> str:
    """The exception's type and the stack it came through, without its message, for logs.

    A message may quote the commenter (a third party's ``KeyError('anna@example.se')``, a
    driver's error with the row's values), and logs are kept longer than comments are, so
    only code locations are logged: enough to find the bug, nothing to leak.
    """
    frames = "".join(traceback.format_list(traceback.extract_tb(exc.__traceback__)))
    return f"{type(exc).__module__}.{type(exc).__qualname__}\n{frames}".rstrip()
