"""Reason codes of the built-in checks and the message ids they render with.

A :class:`~commentguard.Reason` stores its ``code`` and ``params``; the human sentence is
looked up here and translated at the last moment, so a stored reason reads in whichever
language the moderator uses. Sentences avoid number agreement ("1 links"), since the
catalogs have no plural forms.
"""

from __future__ import annotations

from commentguard.messages import N_

REASON_MESSAGES: dict[str, str] = {
    "links": N_(
        "Number of links in the comment: {count} (comments with {limit} or more are held for moderation)."
    ),
    "moderation_word": N_("The comment matches “{word}”, which is on the moderation list."),
    "disallowed_word": N_("The comment matches “{word}”, which is on the list of disallowed words."),
    "trusted": N_("An earlier comment by this author was approved."),
    "first_comment": N_("First comment from this author."),
    "moderator": N_("Written by a moderator."),
    "hold_all": N_("Every comment is held for moderation."),
    "flood": N_("You are posting comments too quickly. Slow down."),
    "duplicate": N_("Duplicate comment detected; it looks as though you've already said that!"),
    "honeypot": N_("A hidden field that only robots fill in was filled in."),
    "token_invalid": N_("The form's security code was missing or not valid."),
    "token_too_fast": N_(
        "The form was sent back too soon after it was loaded ({seconds} s), faster than a person writes."
    ),
    "token_expired": N_("The form was loaded too long ago (more than {hours} h)."),
    "closed": N_("Comments are closed for this post."),
    "closed_old": N_("Comments are closed for this post (automatically, {days} d after it was published)."),
    "reply_invalid": N_("The comment you are replying to does not exist on this post."),
    "reply_not_approved": N_("The comment you are replying to has not been approved."),
    "reply_too_deep": N_("Replies may not be nested deeper than this (limit: {depth})."),
    "spam_history": N_(
        "An earlier comment from the same IP address, email address or website was marked as spam."
    ),
    "check_failed": N_("The check {check} failed, so the comment is held for moderation."),
    "check_overran": N_(
        "The check {check} took longer than its time budget of {seconds} s, so the comment is held "
        "for moderation."
    ),
}

UNKNOWN_REASON = N_("The check {check} gave the reason “{code}”.")
