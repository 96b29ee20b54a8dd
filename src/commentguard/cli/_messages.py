"""The command's sentences with a number in them, as singular and plural message ids.

They are translated with :func:`commentguard.translate` in ``--lang``'s language, whose plural
rule picks the form: "1 comment", "2 comments", "1 kommentar", "2 kommentarer".
"""

from __future__ import annotations


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - gettext's marker style, as N_
    """Mark a singular and plural message id for extraction (``-k NP_:1,2``); return the pair."""
    return singular, plural


COMMENTS = NP_("{count} comment", "{count} comments")
ERASED = NP_("erased personal data from {count} comment", "erased personal data from {count} comments")
RESANITIZED = NP_("re-sanitized {count} comment", "re-sanitized {count} comments")
DELETED_SPAM = NP_("deleted {count} spam comment", "deleted {count} spam comments")
DELETED_TRASH = NP_("deleted {count} trashed comment", "deleted {count} trashed comments")
ANONYMIZED = NP_("anonymized {count} IP address", "anonymized {count} IP addresses")
