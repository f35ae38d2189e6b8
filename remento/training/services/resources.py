"""Coordinators keep the resources library; a script can seed it with the standard entries."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import Organization, User
from remento.people.access import coordinator_of
from remento.programs.models import Program
from remento.training.catalogue import STANDARD_RESOURCES
from remento.training.models import Resource, ResourceCategory
from remento.training.services import COORDINATORS_ONLY, title_error, titles_in, trimmed_fields

TITLE_MAX = Resource._meta.get_field("title").max_length or 200
SUMMARY_MAX = Resource._meta.get_field("summary").max_length or 300
URL_MAX = Resource._meta.get_field("url").max_length or 500
_check_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class ResourceInput:
    """What a coordinator writes about a resource: a body, a link, or both."""

    title: str
    summary: str
    category: str = ResourceCategory.OTHER
    body: str = ""
    url: str = ""
    program: Program | None = None


def _validate(
    *, organization_id: int, data: ResourceInput, resource_pk: int | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if problem := title_error(
        data.title.strip(),
        noun="resource",
        max_length=TITLE_MAX,
        taken="The library already has a resource called “{title}”.",
        # pk 0 is no row: a new entry excludes nothing
        others=Resource.objects.filter(organization_id=organization_id).exclude(
            pk=resource_pk or 0
        ),
    ):
        errors["title"] = problem
    summary = data.summary.strip()
    if not summary:
        errors["summary"] = "Say in a sentence what the reader gets from it."
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = f"Keep the summary to {SUMMARY_MAX} characters (it has {len(summary)})."
    if data.category not in ResourceCategory.values:
        errors["category"] = f"“{data.category}” is not a category of the library."
    url = data.url.strip()
    if url:
        if len(url) > URL_MAX:
            errors["url"] = f"Keep the link to {URL_MAX} characters."
        else:
            try:
                _check_url(url)
            except ValidationError:
                errors["url"] = "Enter a full web address starting with https:// or http://."
    if not data.body.strip() and not url:
        errors["body"] = "Write the article, or give a link (or both)."
    if data.program is not None and data.program.organization_id != organization_id:
        errors["program"] = "That program is not in your organisation."
    return errors


def _checked(*, actor: User, organization_id: int, data: ResourceInput, pk: int | None) -> None:
    coordinator_of(actor, organization_id, refusal=COORDINATORS_ONLY)
    errors = _validate(organization_id=organization_id, data=data, resource_pk=pk)
    if errors:
        raise FieldErrors(errors)


@transaction.atomic
def resource_create(*, actor: User, organization: Organization, data: ResourceInput) -> Resource:
    """Add an article or link to the library (coordinators only); bad input raises
    ``FieldErrors`` naming each field and writes nothing."""
    _checked(actor=actor, organization_id=organization.pk, data=data, pk=None)
    resource = Resource.objects.create(
        organization=organization, created_by=actor, **trimmed_fields(data)
    )
    program = data.program.pk if data.program else None
    audit_log(
        actor=actor,
        organization=organization,
        verb="resource.create",
        target=resource,
        data={"title": resource.title, "program": program},
    )
    return resource


@transaction.atomic
def resource_update(*, actor: User, resource: Resource, data: ResourceInput) -> Resource:
    """Change a library entry (coordinators only)."""
    _checked(actor=actor, organization_id=resource.organization_id, data=data, pk=resource.pk)
    for name, value in trimmed_fields(data).items():
        setattr(resource, name, value)
    resource.save()
    _audit_title(actor, "resource.update", resource)
    return resource


@transaction.atomic
def resource_delete(*, actor: User, resource: Resource) -> None:
    """Remove a library entry (coordinators only)."""
    coordinator_of(actor, resource.organization_id, refusal=COORDINATORS_ONLY)
    _audit_title(actor, "resource.delete", resource)
    resource.delete()


def _audit_title(actor: User, verb: str, resource: Resource) -> None:
    data = {"title": resource.title}
    audit_log(
        actor=actor, organization=resource.organization, verb=verb, target=resource, data=data
    )


@transaction.atomic
def resources_seed(*, actor: User | None, organization: Organization) -> list[Resource]:
    """Add the standard library entries the organisation does not have yet (by title);
    returns those added, so running it twice adds nothing. ``actor`` None is a script
    acting for the organisation (the demo); a person must be a coordinator."""
    if actor is not None:
        coordinator_of(actor, organization.pk, refusal=COORDINATORS_ONLY)
    existing = titles_in(Resource.objects.filter(organization=organization))
    added = [
        Resource.objects.create(organization=organization, created_by=actor, **asdict(entry))
        for entry in STANDARD_RESOURCES
        if entry.title.lower() not in existing
    ]
    if added:
        audit_log(
            actor=actor,
            organization=organization,
            verb="resource.seed",
            target=None,
            data={"added": [resource.title for resource in added]},
        )
    return added
