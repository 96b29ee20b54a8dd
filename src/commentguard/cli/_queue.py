"""``queue`` and ``privacy``: moderate the site's comment database from the shell."""

from __future__ import annotations

import argparse
import getpass
from typing import TextIO

from commentguard import Comment, ExitStatus, Status, translate
from commentguard.cli._database import open_guard
from commentguard.cli._io import reasons_json, write, write_json
from commentguard.cli._messages import ANONYMIZED, DELETED_SPAM, DELETED_TRASH, ERASED, RESANITIZED

_EXCERPT = 50


def _actor(args: argparse.Namespace) -> str:
    if args.actor:
        return str(args.actor)
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a bare container
        return "cli"


def _row(comment: Comment) -> str:
    text = " ".join(comment.content_raw.split())
    excerpt = text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
    when = comment.created_at.strftime("%Y-%m-%d %H:%M")
    return (
        f"{comment.id:>6}  {comment.status.value:<8} v{comment.version:<3} {when}  "
        f"{comment.post_id[:20]:<20}  {comment.author[:20]:<20}  {excerpt}"
    )


def command_list(args: argparse.Namespace, out: TextIO) -> int:
    """List comments newest first, a page at a time."""
    guard = open_guard(args, read_only=True)
    status = None if args.status == "all" else Status(args.status)
    page = guard.store.list(status=status, post_id=args.post, limit=args.limit, cursor=args.cursor)
    if args.json:
        comments = [
            {**c.to_dict(), "reason_codes": [r.code for r in guard.store.reasons(c.id)]}
            for c in page.comments
        ]
        write_json(out, {"comments": comments, "next_cursor": page.next_cursor})
        return ExitStatus.OK
    write(
        out, f"{'id':>6}  {'status':<8} {'ver':<4} {'created (UTC)':<16}  {'post':<20}  {'author':<20}  text"
    )
    for comment in page.comments:
        write(out, _row(comment))
    if page.next_cursor:
        write(out, f"more: --cursor {page.next_cursor}")
    return ExitStatus.OK


def command_show(args: argparse.Namespace, out: TextIO) -> int:
    """Show one comment with every field, its version, why it was decided so, and its audit trail."""
    guard = open_guard(args, read_only=True)
    comment = guard.get(args.id)
    reasons = guard.store.reasons(args.id)
    trail = guard.store.transitions(args.id)
    if args.json:
        steps = [
            {
                "from": t.from_status.value,
                "to": t.to_status.value if t.to_status else "deleted",
                "actor": t.actor,
                "at": t.at.isoformat(),
                "note": t.note,
            }
            for t in trail
        ]
        write_json(out, {**comment.to_dict(), "reasons": reasons_json(reasons, args.lang), "audit": steps})
        return ExitStatus.OK
    for key, value in comment.to_dict().items():
        write(out, f"{key + ':':<16}{value}")
    for reason in reasons:
        write(out, f"{'reason:':<16}{reason.message(args.lang)} [{reason.code}]")
    for step in trail:
        note = f" ({step.note})" if step.note else ""
        target = step.to_status.value if step.to_status else "deleted"
        write(
            out,
            f"{'audit:':<16}{step.at.isoformat()} {step.actor}: {step.from_status.value} -> {target}{note}",
        )
    return ExitStatus.OK


def command_move(args: argparse.Namespace, out: TextIO) -> int:
    """Approve, mark as spam, trash, restore or delete one comment, at a stated version."""
    guard = open_guard(args)
    version = args.version if args.version is not None else guard.get(args.id).version
    options = {"expected_version": version, "actor": _actor(args), "note": args.note}
    if args.command_name == "delete":
        guard.moderation.delete(args.id, **options)
        changed = None
    else:
        move = {
            "approve": guard.moderation.approve,
            "spam": guard.moderation.mark_spam,
            "trash": guard.moderation.trash,
            "restore": guard.moderation.restore,
        }
        changed = move[args.command_name](args.id, **options)
    if args.json:
        write_json(
            out,
            {
                "id": args.id,
                "status": changed.status.value if changed else "deleted",
                "version": changed.version if changed else None,
            },
        )
    elif changed is None:
        write(out, f"comment {args.id} deleted")
    else:
        write(out, f"comment {args.id} is {changed.status.value} (version {changed.version})")
    return ExitStatus.OK


def command_counts(args: argparse.Namespace, out: TextIO) -> int:
    """How many comments have each status."""
    counts = open_guard(args, read_only=True).counts(args.post)
    if args.json:
        write_json(out, {status.value: count for status, count in counts.items()})
    else:
        write(out, "  ".join(f"{status.value}: {count}" for status, count in counts.items()))
    return ExitStatus.OK


def command_purge(args: argparse.Namespace, out: TextIO) -> int:
    """Delete old spam and trash; anonymize old IP addresses."""
    result = open_guard(args).admin.purge(
        spam_days=args.spam_days, trash_days=args.trash_days, anonymize_ips_days=args.anonymize_ips_days
    )
    if args.json:
        write_json(out, result)
    else:
        counts = [
            (DELETED_SPAM, result["spam"]),
            (DELETED_TRASH, result["trash"]),
            (ANONYMIZED, result["ips_anonymized"]),
        ]
        write(out, "; ".join(translate(pair, args.lang, count=count) for pair, count in counts))
    return ExitStatus.OK


def command_resanitize(args: argparse.Namespace, out: TextIO) -> int:
    """Re-clean every comment sanitized under another policy version."""
    done = open_guard(args).admin.resanitize()
    if args.json:
        write_json(out, {"resanitized": done})
    else:
        write(out, translate(RESANITIZED, args.lang, count=done))
    return ExitStatus.OK


def command_export(args: argparse.Namespace, out: TextIO) -> int:
    """Print every comment of an email address, with all its fields, as JSON."""
    write(out, open_guard(args, read_only=True).admin.export_personal_data(args.email))
    return ExitStatus.OK


def command_erase(args: argparse.Namespace, out: TextIO) -> int:
    """Anonymize every comment of an email address, as WordPress's eraser does."""
    erased = open_guard(args).admin.erase_personal_data(args.email)
    if args.json:
        write_json(out, {"erased": erased})
    else:
        write(out, translate(ERASED, args.lang, count=erased))
    return ExitStatus.OK
