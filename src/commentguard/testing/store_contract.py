"""The contract every comment store passes: subclass, say how to make your store, run pytest.

    from commentguard.testing.store_contract import AdminStoreContract

    class TestMyStore(AdminStoreContract):
        def make_store(self, tmp_path, clock):
            return MyStore(clock=clock)

:class:`StoreContract` pins the required core (:class:`~commentguard.store.Store`);
:class:`AdminStoreContract` adds the housekeeping (:class:`~commentguard.store.AdminStore`);
:class:`LearningStoreContract` adds, on top of that, the learning filter's token counts
(:class:`~commentguard.LearningStore`). :class:`AtomicStoreContract` pins ``add_checked``
(:class:`~commentguard.AtomicStore`); combine it with any of the others.
``make_store`` gets a scratch directory and a :class:`FakeClock` the store must use for the
times it stamps itself. If the store has a ``close()``, it is called after each test. Needs
pytest and hypothesis (``commentguard[testing]``); see ``docs/store.md``.
"""

from __future__ import annotations

from commentguard.testing._store_adding import _AddingContract
from commentguard.testing._store_admin import _AdminContract
from commentguard.testing._store_atomic import _AtomicContract
from commentguard.testing._store_base import (
    REASONS,
    START,
    FakeClock,
    assert_same_reasons,
    make_comment,
    typed,
)
from commentguard.testing._store_bounds import (
    _AdminBoundsContract,
    _CoreBoundsContract,
    _LearningBoundsContract,
)
from commentguard.testing._store_history import _HistoryContract
from commentguard.testing._store_learning_upkeep import _LearningUpkeepContract
from commentguard.testing._store_moderation import _ModerationContract

__all__ = [
    "REASONS",
    "START",
    "AdminStoreContract",
    "AtomicStoreContract",
    "FakeClock",
    "LearningStoreContract",
    "StoreContract",
    "assert_same_reasons",
    "make_comment",
    "typed",
]

# The parts live in private modules, by job. pytest collects a base class's tests before its
# subclass's, the last base first: the parts are listed in reverse so the tests run in this order.


class StoreContract(_CoreBoundsContract, _HistoryContract, _ModerationContract, _AddingContract):
    """The required core of a store; subclass and implement :meth:`make_store`."""


class AdminStoreContract(_AdminBoundsContract, _AdminContract, StoreContract):
    """The housekeeping a full store adds; subclass and implement :meth:`make_store`."""


class AtomicStoreContract(_AtomicContract, StoreContract):
    """A store that can add race-free (``add_checked``); subclass and implement :meth:`make_store`."""


class LearningStoreContract(_LearningBoundsContract, _LearningUpkeepContract, AdminStoreContract):
    """The learning filter's counts beside a full store; subclass and implement :meth:`make_store`."""
