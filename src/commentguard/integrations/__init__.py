"""Framework integrations on the public ``commentguard`` and ``commentguard.web`` APIs.

Each lives in its own module and needs its extra: ``commentguard.integrations.flask``
(``pip install 'commentguard[flask]'``). Nothing here is imported by ``import commentguard``.
"""
