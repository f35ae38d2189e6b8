"""``remento match-csv PEOPLE.csv [--config PROGRAM.toml] [--out PAIRS.csv]``.

Matches from files alone: no database is read or written. The format is in
docs/matching.md; a sample lives in docs/samples/. Pairs go to ``--out`` or stdout (CSV
only); phases with their timing, a progress bar for big inputs and the summary go to
stderr.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from argparse import ArgumentParser
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError

from remento.core.spreadsheets import safe_text
from remento.matching.engine import (
    Explanation,
    InputError,
    MatchResult,
    Pair,
    Summary,
    decode,
    explain,
    match,
    read_people,
    read_program,
    summarize,
    write_pairs,
)

PROGRESS_FROM = 2000


class _Phases:
    """One line per phase on stderr: "Solving… 1.23 s", written as the phase starts so
    that a long one shows what is running."""

    def __init__(self, out: TextIO, enabled: bool) -> None:
        self.out = out
        self.enabled = enabled
        self.started: float | None = None

    def start(self, name: str) -> None:
        self.end()
        if self.enabled:
            self.out.write(f"{name[:1].upper()}{name[1:]}… ")
            self.out.flush()
            self.started = time.perf_counter()

    def end(self, detail: str = "") -> None:
        if self.started is not None:
            self.out.write(f"{time.perf_counter() - self.started:.2f} s{detail}\n")
            self.out.flush()
            self.started = None

    def interrupt(self) -> None:
        if self.started is not None:
            self.out.write("\n")
            self.started = None


class Command(BaseCommand):
    help = "Match mentees to mentors from a people CSV (no database): pairs with reasons."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("people", type=Path, help="people CSV (see docs/matching.md)")
        parser.add_argument("--config", type=Path, help="PROGRAM.toml: weights and constraints")
        parser.add_argument("--out", type=Path, help="where to write the pairs CSV (stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        # faiss reports which CPU build it loads at INFO level: noise on a command line.
        logging.getLogger("faiss.loader").setLevel(logging.WARNING)
        stderr = sys.stderr
        phases = _Phases(stderr, enabled=options.get("verbosity", 1) >= 1)
        try:
            self._run(options, phases, stderr)
        except CommandError:
            phases.interrupt()
            raise

    def _run(self, options: dict[str, Any], phases: _Phases, stderr: TextIO) -> None:
        people_path: Path = options["people"]
        config: Path | None = options["config"]
        try:
            phases.start(f"reading {people_path.name}")
            text = decode(people_path.read_bytes())
            people = read_people(io.StringIO(text, newline=""))
            phases.end(f" ({len(people.mentors)} mentors, {len(people.mentees)} mentees)")
            if config is not None:
                phases.start(f"reading {config.name}")
            settings, taxonomy = read_program(config, people, people_name=people_path.name)
            phases.end()
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from None
        except InputError as exc:
            raise CommandError(str(exc) if exc.file else f"{people_path.name}: {exc}") from None
        if not people.mentors or not people.mentees:
            raise CommandError(f"{people_path.name}: needs at least one mentor and one mentee")
        big = len(people.mentors) + len(people.mentees) >= PROGRESS_FROM
        try:
            result = match(
                people.mentors, people.mentees, taxonomy, settings, progress=phases.start
            )
        except ValueError as exc:
            raise CommandError(f"cannot match {people_path.name}: {exc}") from None
        phases.end(f" ({len(result.pairs)} pairs)")
        mentors = {p.id: p for p in people.mentors}
        mentees = {p.id: p for p in people.mentees}
        pairs: Iterable[Pair] = result.pairs
        if big:
            from tqdm import tqdm  # here: only a big input shows a progress bar

            pairs = tqdm(pairs, desc="Explaining", unit="pair", file=stderr)
        else:
            phases.start(f"explaining {len(result.pairs)} pairs")
        explanations = {
            (pair.mentor_id, pair.mentee_id): explain(
                mentors[pair.mentor_id], mentees[pair.mentee_id], taxonomy, settings
            )
            for pair in pairs
        }
        phases.end()
        self._write(options["out"], phases, result, explanations)
        _report(stderr, summarize(result, [*people.mentors, *people.mentees]), result.method)

    def _write(
        self,
        out_path: Path | None,
        phases: _Phases,
        result: MatchResult,
        explanations: dict[tuple[str, str], Explanation],
    ) -> None:
        """The pairs as CSV to ``--out``, or to stdout without it."""
        if out_path is None:
            write_pairs(self.stdout, result, explanations, text=safe_text)  # type: ignore[arg-type]
            return
        phases.start(f"writing {out_path.name}")
        try:
            with out_path.open("w", encoding="utf-8", newline="") as out:
                write_pairs(out, result, explanations, text=safe_text)
        except OSError as exc:
            raise CommandError(f"cannot write {exc.filename}: {exc.strerror}") from None
        phases.end()


def _report(stderr: TextIO, summary: Summary, method: str) -> None:
    """The summary on stderr: totals, the bound and its gap, who is unmatched, caveats."""
    by_department = ", ".join(f"{d}: {n}" for d, n in summary.unmatched_by_department.items())
    stderr.write(
        f"{summary.pairs} pairs ({method}), total score {summary.total:.2f}, "
        f"minimum {summary.minimum:.2f}, 10th percentile {summary.p10:.2f}, "
        f"median {summary.median:.2f}; upper bound {summary.upper_bound:.2f} "
        f"(gap {summary.gap:.4%}).\n"
        f"Unmatched: {summary.unmatched_mentees} mentees, {summary.unmatched_mentors} "
        f"mentors{f' ({by_department})' if by_department else ''}.\n"
    )
    for caveat in summary.caveats:
        stderr.write(f"Note: {caveat}.\n")
