"""``check``, ``submit``, ``sanitize`` and ``policy``: one comment or one policy at a time."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TextIO

from commentguard import (
    WORDPRESS_POLICY,
    Comment,
    CommentGuard,
    ExitStatus,
    MemoryStore,
    NewComment,
    Outcome,
    Policy,
    Rejected,
    Status,
    ValidationFailed,
    sanitize,
    to_public,
)
from commentguard.cli._database import open_guard
from commentguard.cli._io import CliError, read_comment_json, read_text, reasons_json, write, write_json

STATUS_EXIT = {
    Status.APPROVED: ExitStatus.OK,
    Status.PENDING: ExitStatus.PENDING,
    Status.SPAM: ExitStatus.SPAM,
    Status.TRASH: ExitStatus.SPAM,
}


def _judge(args: argparse.Namespace, out: TextIO, *, store: bool) -> int:
    form, request = read_comment_json(args.file)
    if args.db is None:
        guard = CommentGuard(store=MemoryStore(), locale=args.lang)  # an empty history
    else:
        guard = open_guard(args, create=store, read_only=not store)
    try:
        outcome = guard.submit(form, request) if store else guard.preview(form, request)
    except ValidationFailed as failed:
        if args.json:
            errors = [{"field": e.field, "code": e.code, "message": e.message} for e in failed.errors]
            write_json(out, {"valid": False, "errors": errors})
        else:
            for error in failed.errors:
                write(out, f"{error.field}: {error.message}")
        return ExitStatus.INVALID
    except Rejected as rejected:
        if args.json:
            reasons = reasons_json(rejected.reasons, args.lang)
            write_json(out, {"valid": True, "status": "rejected", "code": rejected.code, "reasons": reasons})
        else:
            write(out, f"rejected ({rejected.code}): {rejected.message}")
        return ExitStatus.REJECTED
    _report(outcome, args, out)
    return STATUS_EXIT[outcome.status]


def _report(outcome: Outcome[NewComment], args: argparse.Namespace, out: TextIO) -> None:
    comment = outcome.comment
    public = to_public(comment)
    comment_id, version = (comment.id, comment.version) if isinstance(comment, Comment) else (None, None)
    if args.json:
        write_json(
            out,
            {
                "valid": True,
                "status": outcome.status.value,
                "id": comment_id,
                "version": version,
                "reasons": reasons_json(outcome.reasons, args.lang),
                "content": str(comment.content),
                "public": public.to_dict(),
            },
        )
        return
    stored = f" as comment {comment_id} (version {version})" if comment_id is not None else ""
    write(out, f"{outcome.status.value}{stored}: comment by {public.author} on post {public.post_id}")
    for message in outcome.messages:
        write(out, f"reason:  {message}")
    write(out, f"content: {comment.content}")
    write(out, f"public:  {public.to_json()}")


def command_check(args: argparse.Namespace, out: TextIO) -> int:
    """Validate, sanitize and run the checks on one comment, without storing it."""
    return _judge(args, out, store=False)


def command_submit(args: argparse.Namespace, out: TextIO) -> int:
    """Validate, sanitize, check, decide and store one comment in the ``--db`` file."""
    return _judge(args, out, store=True)


def _policy_from(args: argparse.Namespace) -> Policy:
    policy = WORDPRESS_POLICY
    if args.allow_tag:
        policy = policy.allowing(tags=args.allow_tag)
    return policy


def command_sanitize(args: argparse.Namespace, out: TextIO) -> int:
    """Sanitize HTML from stdin or a file to stdout (``--json``: with the policy version)."""
    policy = _policy_from(args)
    text, name = read_text(args.file)
    try:
        clean = sanitize(text, policy)
    except ValueError as exc:  # larger than the policy's max_input_bytes
        raise CliError(f"{name}: {exc}") from exc
    if args.json:
        write_json(out, {"content": str(clean), "policy_version": policy.version})
    else:
        out.write(clean)
    return ExitStatus.OK


def command_policy(args: argparse.Namespace, out: TextIO) -> int:
    """Print the form's 'allowed tags' sentence, or the whole policy as JSON."""
    policy = _policy_from(args)
    if args.json:
        # Every setting, so a new knob shows without this command changing (sets as sorted lists).
        settings = {field.name: getattr(policy, field.name) for field in dataclasses.fields(policy)}
        document = {"version": policy.version}
        for name, value in settings.items():
            if name == "tags":
                value = {tag: sorted(attributes) for tag, attributes in value.items()}
            elif isinstance(value, frozenset):
                value = sorted(value)
            document[name] = value
        document["description"] = policy.describe(args.lang)
        write_json(out, document)
    else:
        write(out, policy.describe(args.lang))
    return ExitStatus.OK
