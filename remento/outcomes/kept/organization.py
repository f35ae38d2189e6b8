"""The organisation dashboard's figures over every program: the funnel and the KPIs by
group. Both read every enrolment and pair of the organisation, so the task worker keeps
them (``services.keep_figures``) and the page reads them, "as of" that run; the page works
them out itself only while none are kept."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import OuterRef

from remento.core.models import Organization
from remento.outcomes.confidential import withheld_in
from remento.outcomes.kept.store import keep, read_kept
from remento.outcomes.kpis.breakdowns import (
    Breakdown,
    BreakdownGroup,
    GroupFigure,
    organization_breakdowns,
)
from remento.outcomes.selectors import Funnel, FunnelStage, organization_funnel

NAME = "organization"


@dataclass(frozen=True)
class OrganizationFigures:
    """The funnel and breakdowns; ``as_of`` when the worker computed them (None: now)."""

    funnel: Funnel
    breakdowns: list[Breakdown]
    as_of: datetime | None = None


def _figures_from(data: dict[str, dict[str, Any]]) -> dict[str, GroupFigure]:
    return {kind: GroupFigure(**figure) for kind, figure in data.items()}


def breakdown_from(data: dict[str, Any]) -> Breakdown:
    """The breakdown ``dataclasses.asdict`` wrote as JSON."""
    groups = tuple(
        BreakdownGroup(**{**group, "figures": _figures_from(group["figures"])})
        for group in data["groups"]
    )
    return Breakdown(
        **{
            **data,
            "kinds": tuple(data["kinds"]),
            "groups": groups,
            "total": _figures_from(data["total"]),
        }
    )


def funnel_from(data: dict[str, Any]) -> Funnel:
    """The funnel ``dataclasses.asdict`` wrote as JSON."""
    stages = tuple(FunnelStage(**stage) for stage in data["stages"])
    return Funnel(**{**data, "stages": stages})


def to_payload(figures: OrganizationFigures) -> dict[str, Any]:
    """``figures`` as JSON (what the worker keeps)."""
    return {
        "funnel": dataclasses.asdict(figures.funnel),
        "breakdowns": [dataclasses.asdict(breakdown) for breakdown in figures.breakdowns],
    }


def from_payload(payload: dict[str, Any], as_of: datetime | None) -> OrganizationFigures:
    """The figures ``to_payload`` wrote, as the page uses them."""
    return OrganizationFigures(
        funnel=funnel_from(payload["funnel"]),
        breakdowns=[breakdown_from(data) for data in payload["breakdowns"]],
        as_of=as_of,
    )


def organization_figures_computed(
    organization: Organization, *, viewer_id: int | None = None
) -> OrganizationFigures:
    """The funnel and breakdowns of ``organization`` worked out now (ten queries, but they
    read every enrolment and pair of the organisation), for ``viewer_id`` where given."""
    return OrganizationFigures(
        funnel=organization_funnel(organization),
        breakdowns=organization_breakdowns(organization, viewer_id=viewer_id),
    )


def organization_figures(
    organization: Organization, *, viewer_id: int | None = None
) -> OrganizationFigures:
    """The figures as the worker last kept them (one query), else worked out now. For
    ``viewer_id``, without the check-in answers they may not count (``outcomes.confidential``:
    their own partner's): the same query says whether the kept figures count one, and then
    the breakdowns (their check-in rating) are worked out again for them."""
    flag = (
        None
        if viewer_id is None
        else withheld_in(viewer_id, pair__program__organization_id=OuterRef("organization_id"))
    )
    kept = read_kept(organization.pk, NAME, flag=flag)
    if kept is None:
        return organization_figures_computed(organization, viewer_id=viewer_id)
    figures = from_payload(kept.payload, kept.computed_at)
    if kept.flagged:
        breakdowns = organization_breakdowns(organization, viewer_id=viewer_id)
        figures = dataclasses.replace(figures, breakdowns=breakdowns)
    return figures


def keep_organization_figures(organization: Organization, *, now: datetime) -> None:
    """Work out ``organization``'s figures and keep them as of ``now``."""
    keep(organization.pk, NAME, to_payload(organization_figures_computed(organization)), now=now)
