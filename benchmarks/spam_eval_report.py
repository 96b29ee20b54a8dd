"""The figures ``spam_eval.py`` prints: per-run summaries, learning curves, the targets, JSON."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence

from benchmarks.spam_eval_data import (
    BASELINE_BATCH,
    FILED,
    MAX_HAM,
    MAX_TRUSTED_PUBLISHED,
    SCENARIOS,
    TARGETS,
    Record,
    Run,
)
from benchmarks.spam_eval_replay import summary


def reason_checks(records: Sequence[Record]) -> dict[str, int]:
    """How many reasons each check gave, over the records (spam and ham together)."""
    counts: Counter[str] = Counter(check for r in records for check in r.checks)
    return dict(sorted(counts.items()))


def curve(runs: Sequence[Run], block: int = 100) -> list[dict[str, float]]:
    """Spam and ham filed per block of ``block`` comments by position in each fold's replay, pooled."""
    longest = max((max(run.fold_sizes, default=0) for run in runs), default=0)
    out = []
    for start in range(0, longest, block):
        chunk = [r for run in runs for r in run.records if start < r.position <= start + block]
        spam = [r for r in chunk if r.spam]
        ham = [r for r in chunk if not r.spam]
        out.append(
            {
                "after": start + block,
                "spam": len(spam),
                "ham": len(ham),
                "spam_filed": sum(r.status in FILED for r in spam) / max(len(spam), 1),
                "ham_filed": sum(r.status in FILED for r in ham) / max(len(ham), 1),
            }
        )
    return out


def spread(values: Sequence[float], scale: float = 100.0, digits: int = 1) -> str:
    """Median [min-max], scaled."""
    return (
        f"{scale * statistics.median(values):.{digits}f} "
        f"[{scale * min(values):.{digits}f}-{scale * max(values):.{digits}f}]"
    )


def assess(name: str, results: dict[str, list[Run]]) -> list[tuple[str, str, bool]]:
    """The targets of this set: (target, what was measured, met)."""
    out: list[tuple[str, str, bool]] = []
    immediate = results.get("immediate")
    if immediate:
        figures = [summary(run.records) for run in immediate]
        spam = statistics.median(f["spam_filed"] for f in figures)
        ham = max(f["ham_filed"] for f in figures)
        target = TARGETS.get(name, 0.85)
        out.append(
            (
                f"{name}: >= {100 * target:.0f} % spam filed, <= 0.5 % ham filed (immediate)",
                f"spam {100 * spam:.1f} % (median), ham {100 * ham:.2f} % (worst)",
                spam >= target and ham <= MAX_HAM,
            )
        )
        bases = [run.baseline for run in immediate if run.baseline is not None]
        if bases:
            base = statistics.median(bases)
            out.append(
                (
                    f"{name}: at least the baseline's spam rate at equal ham rate",
                    f"filter {100 * spam:.1f} %, baseline {100 * base:.1f} % (medians)",
                    spam >= base,
                )
            )
    trusted = results.get("trusted")
    if trusted:
        published = statistics.median(summary(run.records)["spam_published_per_1000"] for run in trusted)
        out.append(
            (
                f"{name}: trusted authors <= {MAX_TRUSTED_PUBLISHED} of 1,000 spam published",
                f"{published:.0f} per 1,000 (median)",
                published <= MAX_TRUSTED_PUBLISHED,
            )
        )
    return out


_ROWS: tuple[tuple[str, str, float, int], ...] = (
    ("spam filed (%)", "spam_filed", 100.0, 1),
    ("  of it by learning_filter (%)", "spam_filed_by_filter", 100.0, 1),
    ("ham filed (%)", "ham_filed", 100.0, 2),
    ("spam rejected (count)", "spam_rejected", 1.0, 0),
    ("ham rejected (count)", "ham_rejected", 1.0, 0),
    ("invalid (count)", "invalid", 1.0, 0),
    ("spam reaching pending / 1,000", "spam_pending_per_1000", 1.0, 0),
    ("spam published / 1,000", "spam_published_per_1000", 1.0, 0),
    ("ham published / 1,000", "ham_published_per_1000", 1.0, 0),
)


def report(name: str, results: dict[str, list[Run]], write: Callable[[str], object]) -> None:
    """Print one set's table, reasons, baseline and learning curves."""
    scenarios = [s for s in SCENARIOS if s in results]
    first = results[scenarios[0]][0].records
    write(
        f"\n== {name}: {sum(r.spam for r in first)} spam, {sum(not r.spam for r in first)} ham per run, "
        f"{len(results[scenarios[0]][0].fold_sizes)} fold(s), {len(results[scenarios[0]])} shuffle(s); "
        "median [min-max] =="
    )
    write(f"  {'':<32}" + "".join(f"{s:>24}" for s in scenarios))
    for label, key, scale, digits in _ROWS:
        cells = [spread([summary(run.records)[key] for run in results[s]], scale, digits) for s in scenarios]
        write(f"  {label:<32}" + "".join(f"{c:>24}" for c in cells))
    cpu = [spread([run.cpu for run in results[s]], 1.0, 1) for s in scenarios]
    write(f"  {'CPU s per run':<32}" + "".join(f"{c:>24}" for c in cpu))
    immediate = results.get("immediate", [])
    bases = [run.baseline for run in immediate if run.baseline is not None]
    if bases:
        write(
            f"  baseline (logistic, words + 3-5-grams, batches of {BASELINE_BATCH}) at the filter's "
            f"ham rate, immediate: spam filed {spread(bases)} %"
        )
    for scenario in scenarios:
        runs = results[scenario]
        checks: Counter[str] = Counter()
        for run in runs:
            checks.update(reason_checks(run.records))
        per_run = ", ".join(f"{c} {n / len(runs):.0f}" for c, n in sorted(checks.items()))
        decisions: Counter[str] = Counter()
        for run in runs:
            decisions.update(run.decisions)
        made = ", ".join(f"{d} {n / len(runs):.0f}" for d, n in sorted(decisions.items()))
        write(f"  {scenario}: reasons by check (mean per run): {per_run}")
        write(f"  {scenario}: moderator decisions (mean per run): {made}")
    for scenario in ("immediate", "daily"):
        if scenario not in results:
            continue
        write(
            f"  learning curve, {scenario} (after N comments in a fold: spam % / ham % filed in the block):"
        )
        blocks = [
            f"{b['after']:>5}: {100 * b['spam_filed']:5.1f}/{100 * b['ham_filed']:4.1f}"
            for b in curve(results[scenario])
        ]
        for i in range(0, len(blocks), 6):
            write("    " + "  ".join(blocks[i : i + 6]))


def to_json(results: dict[str, dict[str, list[Run]]]) -> dict[str, object]:
    """Every figure as a JSON-ready document."""
    out: dict[str, object] = {}
    for name, by_scenario in results.items():
        out[name] = {
            scenario: {
                "runs": [
                    {
                        **summary(run.records),
                        "baseline_spam_at_equal_ham": run.baseline,
                        "reasons_by_check": reason_checks(run.records),
                        "decisions": dict(run.decisions),
                        "trained": {"spam": run.trained[0], "ham": run.trained[1]},
                        "cpu_seconds": round(run.cpu, 3),
                    }
                    for run in runs
                ],
                "curve": curve(runs),
            }
            for scenario, runs in by_scenario.items()
        }
    return out
