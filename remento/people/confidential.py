"""What an organisation admin may not read about their own partners.

An admin reads the organisation's audit trail and exports a person's data. An admin can also
be in a pair, and the apps above people keep things from a partner: who asked for a safe way
out, check-in answers, private notes. People sits below those apps, so they tell it what to
hide (the hook pattern of ARCHITECTURE.md), each from its ``AppConfig.ready``:

- an audit rule returns a condition on ``AuditEvent`` rows the viewer must not read;
- a partner rule returns a condition on ``Employee`` rows whose confidential data the
  viewer must not export (their partners): another admin does it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from remento.people.models import Employee

Rule = Callable[[Employee], Q]

_audit_rules: dict[str, Rule] = {}
_partner_rules: dict[str, Rule] = {}


def register_confidential_audit(name: str, rule: Rule) -> None:
    """Add (or replace, by ``name``) a rule naming audit events hidden from a viewer."""
    _audit_rules[name] = rule


def register_confidential_partners(name: str, rule: Rule) -> None:
    """Add (or replace, by ``name``) a rule naming the people a viewer may not export."""
    _partner_rules[name] = rule


def hidden_audit_events(viewer: Employee) -> Q | None:
    """The condition on audit events hidden from ``viewer``, or None when nothing is."""
    condition: Q | None = None
    for name in sorted(_audit_rules):
        rule = _audit_rules[name](viewer)
        condition = rule if condition is None else condition | rule
    return condition


def is_confidential_partner(*, viewer: Employee, employee: Employee) -> bool:
    """Whether ``employee`` keeps things from ``viewer`` (they are, or were, partners)."""
    if not _partner_rules or viewer.pk == employee.pk:
        return False
    condition = Q(pk__in=[])
    for name in sorted(_partner_rules):
        condition |= _partner_rules[name](viewer)
    return Employee.objects.filter(pk=employee.pk).filter(condition).exists()
