"""The Jinja2 environment with commentguard's templates: loaded only when a site asks for it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"
"""The folder holding ``commentguard/form.html``, ``thread.html``, ``moderation.html`` and ``style.css``."""


def environment(**options: Any) -> jinja2.Environment:
    """A Jinja2 environment that finds the ``commentguard/*.html`` templates, autoescaping on.

    Keyword arguments go to :class:`jinja2.Environment`; pass ``loader=ChoiceLoader([yours,
    FileSystemLoader(TEMPLATES)])`` to override a template with your own.

    Raises:
        ImportError: Jinja2 is not installed (``pip install 'commentguard[web]'``).

    """
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - the tests install the extra
        raise ImportError("the commentguard templates need Jinja2: pip install 'commentguard[web]'") from exc
    options.setdefault("loader", jinja2.FileSystemLoader(TEMPLATES))
    options.setdefault("autoescape", True)
    options.setdefault("undefined", jinja2.StrictUndefined)
    return jinja2.Environment(**options)  # noqa: S701 - autoescape is on by default, as set above
