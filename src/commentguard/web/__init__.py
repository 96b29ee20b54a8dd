"""The framework-neutral web layer: the comment form, the thread, the moderation page.

What every framework integration renders, from the public ``commentguard`` API alone::

    >>> from commentguard import CommentGuard, MemoryStore
    >>> from commentguard.web import comment_form, environment, web_settings
    >>> guard = CommentGuard(store=MemoryStore(), settings=web_settings(), secret="s", locale="sv")
    >>> form = comment_form(guard, "plan", action="/comments")
    >>> [field.label for field in form.fields]
    ['Kommentar', 'Namn', 'E-postadress', 'Webbplats']
    >>> html = environment().from_string(
    ...     '{% from "commentguard/form.html" import comment_form %}{{ comment_form(form) }}'
    ... ).render(form=form)
    >>> 'name="cg_hp"' in html and 'name="cg_token"' in html
    True

The form's description (:func:`comment_form`), the thread (:func:`build_thread`) and the
moderation page (:func:`moderation_page`, :func:`apply_action`) are plain data and logic; the
Jinja2 templates in ``commentguard/`` render them (Jinja2 is the ``[web]`` extra, loaded only
by :func:`environment`), and their words are in :mod:`commentguard.web.words`. See
``docs/integrations.md``.
"""

from commentguard.web._form import (
    DEFAULT_HONEYPOT,
    EMAIL_NOTE_ID,
    CommentForm,
    FormField,
    comment_form,
    web_settings,
)
from commentguard.web._jinja import TEMPLATES, environment
from commentguard.web._moderation import (
    ACTIONS,
    ActionResult,
    ModerationPage,
    Row,
    apply_action,
    moderation_page,
    parse_targets,
    search,
)
from commentguard.web._thread import DEFAULT_DEPTH, Thread, ThreadNode, build_thread

__all__ = [
    "ACTIONS",
    "DEFAULT_DEPTH",
    "DEFAULT_HONEYPOT",
    "EMAIL_NOTE_ID",
    "TEMPLATES",
    "ActionResult",
    "CommentForm",
    "FormField",
    "ModerationPage",
    "Row",
    "Thread",
    "ThreadNode",
    "apply_action",
    "build_thread",
    "comment_form",
    "environment",
    "moderation_page",
    "parse_targets",
    "search",
    "web_settings",
]
