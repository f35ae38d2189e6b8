"""The organisation's audit trail, as its admins read it: filters, selectors, labels.

Everything here reads one organisation's events only; the views make sure the viewer is an
active admin of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from remento.core.hygiene import CleanInputMixin
from remento.core.models import AuditEvent
from remento.core.paging import KeysetPage, keyset_page
from remento.core.widgets import DateInput
from remento.people.audit_present import Detail, details_of, subject_name
from remento.people.audit_verbs import verb_label
from remento.people.confidential import hidden_audit_events
from remento.people.models import Employee

PAGE_SIZE = 50
# Newest first; the primary key orders events written in the same instant.
TRAIL_ORDER = ("-created_at", "-pk")


@dataclass(frozen=True)
class AuditFilters:
    person: Employee | None = None
    verb: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    def as_data(self) -> dict[str, str]:
        """The filters as plain values, for the audit of an export."""
        return {
            "person": self.person.email if self.person else "",
            "action": self.verb,
            "from": self.since.isoformat() if self.since else "",
            "to": self.until.isoformat() if self.until else "",
        }


class AuditFilterForm(CleanInputMixin, forms.Form):
    """The audit page's filters (sent with GET, so links and the export keep them)."""

    person = forms.EmailField(
        label="Person (work email)",
        required=False,
        help_text="What they did, and what was done to their account.",
    )
    action = forms.ChoiceField(label="Action", required=False)
    since = forms.DateField(label="From", required=False, widget=DateInput)
    until = forms.DateField(label="To", required=False, widget=DateInput)

    def __init__(self, *args: Any, viewer: Employee, verbs: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", "All actions"), *((verb, verb_label(verb)) for verb in verbs)]

    def clean_person(self) -> Employee | None:
        email = self.cleaned_data["person"]
        if not email:
            return None
        person = Employee.objects.filter(
            organization_id=self.viewer.organization_id, email__iexact=email
        ).first()
        if person is None:
            raise forms.ValidationError(
                f"Nobody in {self.viewer.organization.name} has the work email {email}."
            )
        return person

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date comes before the start date.")
        return cleaned

    def filters(self) -> AuditFilters:
        """The filters whose fields are valid: a field with an error is shown and left out,
        the others still apply (a reversed date range once dropped the person's filter too,
        and the page listed everyone's events)."""
        if not self.is_bound:
            return AuditFilters()
        self.is_valid()  # cleaned_data then holds the fields that parsed
        data = self.cleaned_data
        return AuditFilters(
            person=data.get("person"),
            verb=data.get("action") or "",
            since=data.get("since"),
            until=data.get("until"),
        )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _readable_events(viewer: Employee) -> QuerySet[AuditEvent]:
    """The viewer's organisation's events, less those kept from them as someone's partner
    (see ``remento.people.confidential``)."""
    events = AuditEvent.objects.filter(organization_id=viewer.organization_id)
    hidden = hidden_audit_events(viewer)
    return events.exclude(hidden) if hidden is not None else events


def audit_events(*, viewer: Employee, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The events of the viewer's organisation, newest first, narrowed by ``filters``.

    A person's events are what they did and what was done to their account or their
    directory entry. Dates are whole days in the site's time zone, both ends included.
    """
    events = _readable_events(viewer).select_related("actor__employee")
    person = filters.person
    if person is not None:
        about = Q(target_type="people.employee", target_id=str(person.pk))
        if person.user_id is not None:
            about |= Q(actor_id=person.user_id) | Q(
                target_type="core.user", target_id=str(person.user_id)
            )
        events = events.filter(about)
    if filters.verb:
        events = events.filter(verb=filters.verb)
    if filters.since:
        events = events.filter(created_at__gte=_day_start(filters.since))
    if filters.until:
        events = events.filter(created_at__lt=_day_start(filters.until + dt.timedelta(days=1)))
    return events


def audit_verbs(*, viewer: Employee) -> list[str]:
    """The actions that occur in the viewer's organisation's trail, for the filter."""
    return sorted(_readable_events(viewer).order_by().values_list("verb", flat=True).distinct())


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    label: str
    actor_name: str
    subject_name: str
    details: list[Detail]


def _people_named(*, viewer: Employee, events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    """Names of the people the events are about, in two queries whatever the page's size."""
    employee_ids = {e.target_id for e in events if e.target_type == "people.employee"}
    user_ids = {e.target_id for e in events if e.target_type == "core.user"}
    names: dict[tuple[str, str], str] = {}
    if employee_ids:
        for pk, first, preferred, last in Employee.objects.filter(
            organization_id=viewer.organization_id, pk__in=employee_ids
        ).values_list("pk", "first_name", "preferred_name", "last_name"):
            names["people.employee", str(pk)] = f"{preferred or first} {last}"
    if user_ids:
        for user_id, first, preferred, last in Employee.objects.filter(
            organization_id=viewer.organization_id, user_id__in=user_ids
        ).values_list("user_id", "first_name", "preferred_name", "last_name"):
            names["core.user", str(user_id)] = f"{preferred or first} {last}"
    return names


def _actor_name(event: AuditEvent) -> str:
    actor = event.actor
    if actor is None:
        return "—"
    employee = getattr(actor, "employee", None)
    return employee.display_name if employee is not None else actor.email


def audit_rows(*, viewer: Employee, events: list[AuditEvent]) -> list[AuditRow]:
    """The events as table rows: readable action, who did it, whom it was about, details."""
    names = _people_named(viewer=viewer, events=events)
    rows = []
    for event in events:
        data = event.data if isinstance(event.data, dict) else {}
        subject, named_by = names.get((event.target_type, event.target_id), ""), ""
        if not subject:
            subject, named_by = subject_name(event.target_type, event.target_id, data)
        details = details_of(
            data, verb=event.verb, target_type=event.target_type, leave_out=named_by
        )
        rows.append(
            AuditRow(
                event=event,
                label=verb_label(event.verb),
                actor_name=_actor_name(event),
                subject_name=subject,
                details=details,
            )
        )
    return rows


def audit_page(
    *, viewer: Employee, filters: AuditFilters, cursor: str | None
) -> tuple[KeysetPage[AuditEvent], list[AuditRow]]:
    """One page of the organisation's trail from ``cursor`` (keyset pages: a trail of years
    reads its oldest page as quickly as its newest) and its rows."""
    page = keyset_page(
        audit_events(viewer=viewer, filters=filters),
        order=TRAIL_ORDER,
        size=PAGE_SIZE,
        cursor=cursor,
    )
    return page, audit_rows(viewer=viewer, events=page.rows)


def locked_sign_ins(*, viewer: Employee) -> list[Employee]:
    """People of the viewer's organisation whose sign-in is paused now (django-axes counts
    at least the failure limit for their email within the cool-off). One query when nobody
    is paused, two otherwise.

    The paused emails are read first, then their people by email: given the two as one
    query with a subquery, the planner walked every person of the organisation in name
    order and tested each against the subquery."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    locked_usernames = list(
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", flat=True)
    )
    if not locked_usernames:
        return []
    return list(
        Employee.objects.filter(
            organization_id=viewer.organization_id, user__email__in=locked_usernames
        ).order_by("last_name", "first_name")
    )
