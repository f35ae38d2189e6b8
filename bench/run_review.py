"""Benchmark of the matching run review: size, time and queries of the page at N pairs.

    .venv/bin/python bench/run_review.py [--sizes 1000 5000] [--repeat 5]
    .venv/bin/python bench/run_review.py --database-url postgres://postgres@127.0.0.1:5432/x

Each size gets an organisation of 2N people (20 departments, 30 skills: each mentor teaches
three, each mentee wants two) with a program in the Matching step, its enrolments, and a
run under review of N proposed pairs with reasons and some warnings, and N/10 people left
unmatched: ``bulk_create``, in a fresh SQLite database in a temporary folder or in the
(empty, throwaway) database of ``--database-url``, every size beside the others there.
Building is not timed (PostgreSQL's statistics are refreshed after it). Then, signed in as
the program's coordinator through Django's test client (the whole stack: middleware, view,
selectors, templates), best and median of ``--repeat`` requests (wall clock), the best CPU
time of this process (Python and, on SQLite, the database: a figure a busy machine does
not inflate; PostgreSQL's own work is not in it), the bytes of the answer and its number
of queries, for:

- **review**: the review page as it opens (best score first, page 1 of 50 rows);
- **lowest, last page**: lowest scores first, a warning filter, the last page;
- **swap search**: a row's swap search as htmx asks for it when the row's control opens
  (every other pair of the run scored against the row, the best 20 shown).

Before issue 20 the page listed every other pair in each row's swap menu: 998 pairs gave a
95 MB page (measured in the issue); it is not rebuilt here.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEPARTMENTS = 20
SKILLS = 30
WARNINGS = [
    [],
    [],
    [],
    ["only 2 working hours in common"],
    ["{mentor} cannot teach any skill {mentee} wants to learn"],
]


def build(size: int, seed: int = 20) -> tuple[Any, Any, Any]:
    """An organisation with a run of ``size`` proposed pairs; returns (coordinator's user,
    program, run)."""
    from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
    from remento.matching.models import MatchRun, ProposedPair, Unmatched
    from remento.people.models import Department, Employee, Role, Skill, SkillOffer, SkillWant
    from tests.factories import OrganizationFactory, employee_with_user, make_program

    rng = random.Random(seed)
    org = OrganizationFactory.create(name=f"Bench {size}", slug=f"bench-{size}")
    coordinator = employee_with_user(
        organization=org, email=f"coordinator@bench-{size}.example", role=Role.COORDINATOR
    )
    departments = Department.objects.bulk_create(
        Department(organization=org, name=f"Department {i:02d}") for i in range(DEPARTMENTS)
    )
    skills = Skill.objects.bulk_create(
        Skill(organization=org, slug=f"skill-{i}", name=f"Skill {i}", category=f"c{i % 5}")
        for i in range(SKILLS)
    )
    people = Employee.objects.bulk_create(
        Employee(
            organization=org,
            employee_id=f"B{i:07d}",
            first_name=f"First{i}",
            last_name=f"Last{rng.randrange(10 * size)}",
            email=f"p{i}@bench-{size}.example",
            title="Analyst" if i % 2 == 0 else "Director",
            department=departments[rng.randrange(DEPARTMENTS)],
            level=2 if i % 2 == 0 else 9,
            timezone="Europe/London",
            extraversion=rng.randrange(1, 6),
        )
        for i in range(2 * size + size // 5)
    )
    program = make_program(org, "matching", name=f"Bench program {size}")
    mentors, mentees = people[0::2], people[1::2]
    Enrollment.objects.bulk_create(
        Enrollment(
            program=program,
            employee=person,
            role=role,
            status=EnrollmentStatus.ENROLLED,
            timezone="Europe/London",
            hours_per_month=4,
        )
        for group, role in ((mentors, EnrollmentRole.MENTOR), (mentees, EnrollmentRole.MENTEE))
        for person in group
    )
    SkillOffer.objects.bulk_create(
        SkillOffer(employee=m, skill=s, proficiency=rng.randrange(3, 6))
        for m in mentors
        for s in rng.sample(skills, 3)
    )
    SkillWant.objects.bulk_create(
        SkillWant(employee=e, skill=s, priority=rng.randrange(1, 6))
        for e in mentees
        for s in rng.sample(skills, 2)
    )
    run = MatchRun.objects.create(
        program=program, settings_snapshot=program.engine_settings(), created_by=coordinator.user
    )
    ProposedPair.objects.bulk_create(
        ProposedPair(
            run=run,
            mentor=mentors[i],
            mentee=mentees[i],
            score=round(rng.uniform(1, 9), 4),
            reasons=[
                f"{mentors[i].display_name} teaches Skill {i % SKILLS}, which "
                f"{mentees[i].display_name} wants to learn",
                "Different departments: a view from elsewhere in the company",
                "Born a generation apart",
            ],
            warnings=[
                w.format(mentor=mentors[i].display_name, mentee=mentees[i].display_name)
                for w in WARNINGS[i % len(WARNINGS)]
            ],
        )
        for i in range(size)
    )
    Unmatched.objects.bulk_create(
        Unmatched(run=run, employee=e, role=EnrollmentRole.MENTEE, reason="No mentor fits.")
        for e in mentees[size:]
    )
    return coordinator.user, program, run


def timed(
    client: Any, url: str, repeat: int, **headers: str
) -> tuple[float, float, float, int, int]:
    """(best ms, median ms, best CPU ms of this process, bytes, queries) of GET ``url``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url, headers=headers).status_code == 200  # warm the caches once
    seconds, cpu = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, headers=headers)
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, response.status_code
    return (
        min(seconds) * 1000,
        statistics.median(seconds) * 1000,
        min(cpu) * 1000,
        len(response.content),
        len(queries.captured_queries),
    )


def measure(size: int, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from remento.core.db import analyze

    user, program, run = build(size)
    analyze()  # PostgreSQL's statistics after the bulk writes, as seed_demo and imports do
    client = Client()
    client.force_login(user)
    review = reverse("matching:run_review", args=[program.pk])
    row = run.proposals.order_by("score", "id").first()
    last = (size + 49) // 50
    cases = {
        "review": (review, {}),
        "lowest, last page": (f"{review}?sort=lowest&warning=any&page={last}", {}),
        "swap search": (
            reverse("matching:proposal_swap_search", args=[program.pk, row.pk]),
            {"HX-Request": "true"},
        ),
    }
    for name, (url, headers) in cases.items():
        best, median, cpu, size_bytes, queries = timed(client, url, repeat, **headers)
        print(
            f"{connection.vendor:>10}  {size:>6,}  {name:<18}  {size_bytes / 1000:8.1f}  "
            f"{best:8.1f}  {median:10.1f}  {cpu:7.1f}  {queries:>7}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--database-url", default="", help="an empty, throwaway database (else SQLite)"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
        os.environ["REMENTO_VAR_DIR"] = folder
        os.environ.setdefault("REMENTO_DEBUG", "1")
        os.environ.setdefault("SECRET_KEY", "bench-run-review")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")
        import django
        from django.conf import settings
        from django.core.management import call_command

        django.setup()
        settings.ALLOWED_HOSTS = ["testserver"]
        call_command("migrate", verbosity=0)
        print(
            f"{'database':>10}  {'pairs':>6}  {'page':<18}  {'kB':>8}  {'best ms':>8}  "
            f"{'median ms':>10}  {'cpu ms':>7}  {'queries':>7}",
            flush=True,
        )
        for size in options.sizes:
            measure(size, options.repeat)


if __name__ == "__main__":
    main()
