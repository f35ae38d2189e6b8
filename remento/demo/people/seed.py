"""Writing the demo organisation: its people in bulk, the demo sign-ins, then the demo steps."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from remento.core.audit import audit_log
from remento.core.db import analyze_after_commit
from remento.core.errors import ServiceError
from remento.core.models import Organization, User
from remento.demo.people import data
from remento.demo.people.bulk import build_tuning, insert_rows
from remento.demo.people.chart import MIN_SIZE
from remento.demo.people.people import DemoPerson, demo_people
from remento.demo.steps import DEMO_PASSWORD, DemoContext, demo_steps_run, demo_today
from remento.people.catalogue import skill_catalogue_install
from remento.people.models import (
    Department,
    Employee,
    Interest,
    SensitiveAttribute,
    Skill,
    SkillOffer,
    SkillWant,
)
from remento.people.services.organization import organization_setup

DEFAULT_SIZE = 300
DEFAULT_SEED = 2026

PERSONA_LABELS = {
    "admin": "organisation admin",
    "coordinator": "program coordinator",
    "mentor": "mentor, a junior who teaches",
    "mentee": "mentee, a senior leader who learns",
}


@dataclass
class DemoSeedResult:
    organization: Organization
    created: bool  # False when an existing demo organisation was reused
    people: int
    personas: dict[str, Employee] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # The platform operator for the Django admin: a sign-in of no person, of no organisation.
    operator: User | None = None


# An organisation admin is not a platform superuser: the Django admin has its own sign-in.
OPERATOR_EMAIL = "operator@remento.example"


def demo_domain(slug: str) -> str:
    """The email domain of a demo organisation: ``northwind.example`` for ``northwind``."""
    return f"{slug}.example"


def demo_organization_seed(
    *,
    size: int = DEFAULT_SIZE,
    seed: int = DEFAULT_SEED,
    slug: str = data.COMPANY_SLUG,
    name: str = data.COMPANY_NAME,
    log: Callable[[str], None] = lambda message: None,
) -> DemoSeedResult:
    """Build the demo organisation ``slug`` with ``size`` people, or reuse it if it has
    people already; make sure the demo sign-ins exist; then run the demo steps.

    Deterministic: the same ``size`` and ``seed`` always give the same people. Idempotent:
    a second call adds nothing to the people and leaves the sign-ins' passwords alone.
    Raises ``ServiceError`` for a size below the minimum or for an organisation that has
    people but was not built by this function (it has no demo personas). Ends by
    refreshing the planner's statistics (``ANALYZE`` on PostgreSQL).
    """
    started = time.perf_counter()
    if size < MIN_SIZE:
        raise ServiceError(f"size: the demo company needs at least {MIN_SIZE} people, not {size}.")
    today = demo_today()  # one day for the whole build, even one that runs past midnight
    with build_tuning():
        with transaction.atomic():
            organization = _organization(slug, name)
            created = _people_once(organization, size=size, seed=seed, today=today, log=log)
            personas = _sign_ins(organization, slug)
            operator = _operator()
        context = DemoContext(
            organization=organization, personas=personas, seed=seed, today=today, log=log
        )
        steps = demo_steps_run(context=context)
    # The build wrote to nearly every table: refresh all the planner's statistics.
    analyze_after_commit()
    return DemoSeedResult(
        organization=organization,
        created=created,
        people=Employee.objects.filter(organization=organization).count(),
        personas=personas,
        operator=operator,
        steps=steps,
        seconds=time.perf_counter() - started,
    )


def _organization(slug: str, name: str) -> Organization:
    """The organisation ``slug``, set up if new; an existing one gets any catalogue skills
    and interests added since it was built."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        return organization_setup(
            name=name, slug=slug, actor=None, email_domains=[demo_domain(slug)]
        )
    skill_catalogue_install(organization=organization)
    return organization


def _people_once(
    organization: Organization,
    *,
    size: int,
    seed: int,
    today: dt.date,
    log: Callable[[str], None],
) -> bool:
    """Write the demo people into an organisation that has none, and say whether it did; an
    organisation with people keeps them."""
    slug = organization.slug
    existing = Employee.objects.filter(organization=organization).count()
    if existing:
        log(
            f"{organization.name} ({slug}) has {existing:,} people already; reusing it "
            "(to build another, run `.venv/bin/remento seed-demo --organization OTHER-SLUG`, "
            "or delete the database to start again)."
        )
        return False
    people = demo_people(size=size, seed=seed, domain=demo_domain(slug), today=today)
    log(f"Creating {organization.name} ({slug}) with {len(people):,} people…")
    _write_people(organization, people)
    audit_log(
        actor=None,
        organization=organization,
        verb="demo.seed",
        target=organization,
        data={"size": size, "seed": seed},
    )
    return True


def demo_sign_in_lines(result: DemoSeedResult) -> list[str]:
    """The demo sign-ins, one line each, with the shared password."""
    lines = [f"Demo sign-ins (password: {DEMO_PASSWORD}):"]
    for persona, employee in result.personas.items():
        lines.append(
            f"  {employee.email:<31} {PERSONA_LABELS[persona]}: "
            f"{employee.display_name}, {employee.title}"
        )
    if result.operator is not None:
        lines.append(
            f"  {result.operator.email:<31} platform operator, for the Django admin at /admin/ "
            "(no person in any organisation)"
        )
    return lines


def _write_people(organization: Organization, people: list[DemoPerson]) -> None:
    """Insert the people layer by layer (managers first, so their ids are known), then their
    skills, interests and sensitive attributes: a few plain INSERT batches (``bulk``), no
    query per person."""
    departments = dict(
        Department.objects.filter(organization=organization).values_list("name", "pk")
    )
    missing = sorted({p.position.department for p in people} - set(departments))
    for department in Department.objects.bulk_create(
        [Department(organization=organization, name=name) for name in missing]
    ):
        departments[department.name] = department.pk
    skills = dict(Skill.objects.filter(organization=organization).values_list("slug", "pk"))
    interests = dict(Interest.objects.filter(organization=organization).values_list("name", "pk"))

    pks: list[int] = [0] * len(people)
    mine = Employee.objects.filter(organization=organization)
    for depth in sorted({p.position.depth for p in people}):
        layer = [p for p in people if p.position.depth == depth]
        newest = Employee.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        insert_rows(
            Employee,
            EMPLOYEE_COLUMNS,
            [_employee(organization, p, departments, pks) for p in layer],
        )
        # Ids grow: the layer's are those past the newest before it (one build at a time).
        ids = dict(mine.filter(pk__gt=newest).values_list("employee_id", "pk"))
        for person in layer:
            pks[person.position.index] = ids[person.employee_id]

    offers, wants, likes, sensitive = [], [], [], []
    for person in people:
        pk = pks[person.position.index]
        offers += [(pk, skills[s], level) for s, level in person.offers.items() if s in skills]
        wants += [(pk, skills[s], level) for s, level in person.wants.items() if s in skills]
        likes += [(pk, interests[name]) for name in person.interests if name in interests]
        sensitive += [
            (pk, kind, value, consented_at is not None, consented_at)
            for kind, value, consented_at in person.sensitive
        ]
    insert_rows(SkillOffer, ("employee_id", "skill_id", "proficiency"), offers)
    insert_rows(SkillWant, ("employee_id", "skill_id", "priority"), wants)
    insert_rows(Employee.interests.through, ("employee_id", "interest_id"), likes)
    insert_rows(
        SensitiveAttribute,
        ("employee_id", "kind", "value", "consent_matching", "consented_at"),
        sensitive,
    )


EMPLOYEE_COLUMNS = (
    "organization_id",
    "role",
    "employee_id",
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "title",
    "department_id",
    "level",
    "manager_id",
    "location",
    "timezone",
    "hire_date",
    "leave_date",
    "birth_year",
    "is_active",
    "extraversion",
    "hours_per_month",
)


def _employee(
    organization: Organization,
    person: DemoPerson,
    departments: dict[str, int],
    pks: list[int],
) -> tuple[object, ...]:
    """The values of ``EMPLOYEE_COLUMNS`` for ``person``."""
    position = person.position
    return (
        organization.pk,
        person.role,
        person.employee_id,
        person.first_name,
        person.last_name,
        person.preferred_name,
        person.email,
        position.title,
        departments[position.department],
        position.level,
        pks[position.manager] if position.manager is not None else None,
        person.location,
        person.timezone,
        person.hire_date,
        person.leave_date,
        person.birth_year,
        person.is_active,
        person.extraversion,
        person.hours_per_month,
    )


def _sign_ins(organization: Organization, slug: str) -> dict[str, Employee]:
    """The persona employees, each linked to a user that signs in with the demo password.

    A user created earlier keeps its password: a second run must not undo a change."""
    domain = demo_domain(slug)
    emails = {persona: f"{persona}@{domain}" for persona in data.PERSONA_ROLES}
    found = {
        e.email: e
        for e in Employee.objects.filter(
            organization=organization, email__in=emails.values()
        ).select_related("user", "department")
    }
    missing = [email for email in emails.values() if email not in found]
    if missing:
        raise ServiceError(
            f"organization: {slug!r} has people but no demo sign-in for {', '.join(missing)}; "
            "it was not built by seed-demo. Build the demo under another slug "
            "(`.venv/bin/remento seed-demo --organization OTHER-SLUG`) or in a fresh database."
        )
    personas: dict[str, Employee] = {}
    for persona, email in emails.items():
        employee = found[email]
        if employee.user is None:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    first_name=employee.first_name,
                    last_name=employee.last_name,
                )
            employee.user = user
            employee.save(update_fields=["user", "updated_at"])
        elif employee.user.is_staff or employee.user.is_superuser:
            # Demos built before operators had their own sign-in made the admin a superuser.
            User.objects.filter(pk=employee.user.pk).update(is_staff=False, is_superuser=False)
            employee.user.is_staff = employee.user.is_superuser = False
        personas[persona] = employee
    return personas


def _operator() -> User:
    """The demo's platform operator: a superuser linked to no person, so that no
    organisation's admin holds the keys of every organisation. Made once; a second run
    leaves its password alone."""
    user = User.objects.filter(email=OPERATOR_EMAIL).first()
    if user is None:
        user = User.objects.create_superuser(email=OPERATOR_EMAIL, password=DEMO_PASSWORD)
    return user
