"""``remento match-csv PEOPLE.csv [--config PROGRAM.toml] [--out PAIRS.csv]``.

Matches from files alone: no database is read or written. The format is in
docs/matching.md; a sample lives in docs/samples/.
"""

from __future__ import annotations

import logging
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

PROGRESS_FROM = 2000


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
        from remento.matching.engine import explain, match, summarize
        from remento.matching.engine.csvio import (
            InputError,
            read_people,
            read_program,
            write_pairs,
        )

        people_path: Path = options["people"]
        config: Path | None = options["config"]
        try:
            with people_path.open(encoding="utf-8-sig", newline="") as handle:
                people = read_people(handle)
            settings, taxonomy = read_program(config, people)
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from None
        except InputError as exc:
            name = config.name if str(exc).startswith("PROGRAM.toml") and config else None
            where = name or people_path.name
            raise CommandError(f"{where}: {str(exc).removeprefix('PROGRAM.toml: ')}") from None
        if not people.mentors or not people.mentees:
            raise CommandError(f"{people_path.name}: needs at least one mentor and one mentee")
        big = len(people.mentors) + len(people.mentees) >= PROGRESS_FROM
        stderr = sys.stderr
        if big:
            stderr.write(
                f"Matching {len(people.mentees)} mentees with {len(people.mentors)} mentors…\n"
            )
        try:
            result = match(people.mentors, people.mentees, taxonomy, settings)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        mentors = {p.id: p for p in people.mentors}
        mentees = {p.id: p for p in people.mentees}
        explanations = {
            (pair.mentor_id, pair.mentee_id): explain(
                mentors[pair.mentor_id], mentees[pair.mentee_id], taxonomy, settings
            )
            for pair in tqdm(
                result.pairs, desc="Explaining", unit="pair", file=stderr, disable=not big
            )
        }
        if options["out"]:
            try:
                with options["out"].open("w", encoding="utf-8", newline="") as out:
                    write_pairs(out, result, explanations)
            except OSError as exc:
                raise CommandError(f"cannot write {exc.filename}: {exc.strerror}") from None
        else:
            write_pairs(self.stdout, result, explanations)  # type: ignore[arg-type]
        summary = summarize(result, [*people.mentors, *people.mentees])
        by_department = ", ".join(f"{d}: {n}" for d, n in summary.unmatched_by_department.items())
        stderr.write(
            f"{summary.pairs} pairs ({result.method}), total score {summary.total:.2f}, "
            f"minimum {summary.minimum:.2f}, 10th percentile {summary.p10:.2f}, "
            f"median {summary.median:.2f}; upper bound {summary.upper_bound:.2f} "
            f"(gap {summary.gap:.4%}).\n"
            f"Unmatched: {summary.unmatched_mentees} mentees, {summary.unmatched_mentors} "
            f"mentors{f' ({by_department})' if by_department else ''}.\n"
        )
