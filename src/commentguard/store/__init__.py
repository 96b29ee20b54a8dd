"""Where comments live: the store is the moderation queue.

>>> from datetime import datetime, timezone
>>> from commentguard import NewComment, RequestInfo, Status, sanitize, validate
>>> from commentguard.store import MemoryStore
>>> store = MemoryStore()
>>> form = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "content": "Hej"}
>>> submission = validate(form, RequestInfo(ip="203.0.113.7"))
>>> new = NewComment.from_submission(submission, sanitize(submission.content), policy_version="v1",
...                                  created_at=datetime(2026, 5, 1, tzinfo=timezone.utc))
>>> comment = store.add(new)
>>> comment.id, comment.status.value, comment.version
(1, 'pending', 1)
>>> store.transition(comment.id, to=Status.APPROVED, expected_version=1, actor="moderator").version
2
>>> [c.author for c in store.public("7")]
['Anna']

:class:`Store` is the small required core (add, get, list, transition and its audit trail,
counts, history, public); :class:`AdminStore` adds deletion, retention, re-sanitizing and
personal data; :class:`AtomicStore` adds ``add_checked``, which makes the flood and duplicate
checks race-free. :class:`MemoryStore` and :class:`SQLStore` implement all three. See
``docs/store.md``.
"""

from typing import TYPE_CHECKING

from commentguard.store._common import anonymize_ip
from commentguard.store._memory import MemoryStore
from commentguard.store._protocol import AdminStore, AtomicStore, LearningStore, Store

if TYPE_CHECKING:
    from commentguard.store._sql import SQLStore


def __getattr__(name: str) -> object:
    # SQLStore loads SQLAlchemy (about 0.1 s); a site on MemoryStore, or one that only
    # sanitizes, never pays for it.
    if name == "SQLStore":
        from commentguard.store._sql import SQLStore

        return SQLStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AdminStore",
    "AtomicStore",
    "LearningStore",
    "MemoryStore",
    "SQLStore",
    "Store",
    "anonymize_ip",
]
