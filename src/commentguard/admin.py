"""Housekeeping and personal data (``guard.admin``): retention, re-sanitizing, export, erase.

>>> from commentguard import CommentGuard, MemoryStore, RequestInfo
>>> guard = CommentGuard(store=MemoryStore(), locale="sv")
>>> form = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "content": "Hej"}
>>> _ = guard.submit(form, RequestInfo(ip="203.0.113.7"))
>>> guard.admin.erase_personal_data("ANNA@example.se")
1
>>> guard.get(1).author, guard.get(1).email, guard.get(1).ip
('Anonym', '', '203.0.113.0')

Each operation needs an :class:`~commentguard.AdminStore` (both built-in stores are) and
works a bounded page at a time, so a large site never loads everything at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from commentguard import _facade
from commentguard._time import read_clock
from commentguard.messages import translate
from commentguard.moderation import Moderation
from commentguard.policy import Policy
from commentguard.privacy import ANONYMOUS, erase_personal_data, export_personal_data
from commentguard.sanitizer import sanitize
from commentguard.store import LearningStore, Store


class Admin:
    """The site owner's side of a :class:`~commentguard.CommentGuard`: housekeeping, personal data.

    Made by the guard, which shares its store, policy, clock and language with it; reach it
    as ``guard.admin``.

    Args:
        store: the guard's store.
        policy: the guard's sanitizer policy (what :meth:`resanitize` cleans to).
        clock: returns the current time as an aware ``datetime``.
        locale: the language erased names are written in (``"Anonymous"``, ``"Anonym"``).
        moderation: the guard's :class:`~commentguard.Moderation`, which confirms the spam a
            purge lets stand.

    """

    def __init__(
        self,
        store: Store,
        *,
        policy: Policy,
        clock: Callable[[], datetime],
        locale: str,
        moderation: Moderation | None = None,
    ) -> None:
        self.store = store
        self._moderation = moderation or Moderation(store, checks=(), clock=clock)
        self._policy = policy
        self._clock = clock
        self._locale = locale

    def __repr__(self) -> str:
        return f"Admin(store={self.store!r})"

    def resanitize(self, *, batch: int = 500) -> int:
        """Re-clean every comment sanitized under another policy version; return how many.

        Uses each comment's raw content, so a sanitizer fix reaches old comments.
        """
        store = _facade.admin_store(self.store, "resanitize")
        policy = self._policy
        done, after_id = 0, 0
        while page := list(store.stale(policy.version, limit=batch, after_id=after_id)):
            for comment in page:
                store.replace_content(comment.id, sanitize(comment.content_raw, policy), policy.version)
            done += len(page)
            after_id = max(comment.id for comment in page)
        return done

    def purge(
        self,
        *,
        spam_days: int | None = 15,
        trash_days: int | None = 30,
        anonymize_ips_days: int | None = None,
        token_days: int | None = 180,
        ham_days: int | None = 1,
    ) -> dict[str, int]:
        """Delete old spam and trash, anonymize old IPs, and keep the learning filter in step.

        Run it daily (as WordPress runs its scheduled delete). What no moderator changed has
        been let stand, and the learning filter is trained on it: spam older than
        ``spam_days``, just before it is deleted (``spam_confirmed``), and comments approved
        by the checks alone (a trusted author's) older than ``ham_days`` (literal default 1;
        ``ham_confirmed``), so the filter never learns spam only. Tokens seen in one trained
        comment only and not trained for ``token_days`` (literal default 180) are forgotten,
        which keeps the statistics small (``tokens_pruned``). ``None`` turns a step off.
        Returns counts: ``{"spam": n, "trash": n, "spam_confirmed": n, "ham_confirmed": n,
        "tokens_pruned": n, "ips_anonymized": n}``.
        """
        store = _facade.admin_store(self.store, "purge")
        now = read_clock(self._clock)
        learned = {"spam_confirmed": 0, "ham_confirmed": 0, "tokens_pruned": 0}
        if isinstance(store, LearningStore):
            moderation = self._moderation
            if spam_days is not None:
                cutoff = now - timedelta(days=spam_days)
                learned["spam_confirmed"] = moderation.confirm_spam(actor="purge", older_than=cutoff)
            if ham_days is not None:
                cutoff = now - timedelta(days=ham_days)
                learned["ham_confirmed"] = moderation.confirm_ham(actor="purge", older_than=cutoff)
            if token_days is not None:
                learned["tokens_pruned"] = store.prune_tokens(now - timedelta(days=token_days))
        purged = store.purge(now, spam_days=spam_days, trash_days=trash_days)
        result = {status.value: count for status, count in purged.items()} | learned
        result["ips_anonymized"] = (
            store.anonymize_ips(now - timedelta(days=anonymize_ips_days))
            if anonymize_ips_days is not None
            else 0
        )
        return result

    def personal_data(self, email: str) -> Iterator[dict[str, object]]:
        """Every comment with ``email`` (any case), all fields and reasons, read a page at a time."""
        return export_personal_data(self.store, email)

    def export_personal_data(self, email: str) -> str:
        """Every comment with ``email`` (any case), with all its fields, as a JSON document."""
        comments = list(self.personal_data(email))
        return json.dumps({"email": email, "comments": comments}, ensure_ascii=False, indent=2)

    def erase_personal_data(self, email: str) -> int:
        """Erase as WordPress does (name "Anonymous", contact blanked, IP anonymized); return how many."""
        return erase_personal_data(self.store, email, anonymous=translate(ANONYMOUS, self._locale))
