"""SCIM filters (RFC 7644 §3.4.2.2) as database queries: scim2-models parses the filter,
this walks its tree into a ``Q`` over the mapping rows, so that a filtered page is one query
whatever the size of the directory.

Users filter on ``id``, ``userName``, ``externalId``, ``name.givenName``,
``name.familyName``, ``nickName``, ``title``, ``active``, ``emails`` (``emails.value``,
``emails[type eq "work"].value`` and ``emails[type eq "work" and value eq "…"]``), the
enterprise ``employeeNumber``, ``department`` and ``manager.value``, and Remento's
``level``; Groups on ``id``, ``displayName``, ``externalId`` and ``members.value``. With
``eq``, ``ne``, ``co``, ``sw``, ``ew`` and ``pr``, joined by ``and``, ``or`` and ``not``.
Anything else is refused with ``invalidFilter`` naming what is not supported.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q
from scim2_models import InvalidFilterException, ScimFilter
from scim2_models.path import (
    AttrPath,
    Comparison,
    FilterVisitor,
    LogicalExpr,
    Not,
    Present,
    ValuePath,
)
from scim2_models.path.expressions import CompareOperator, LogicalOperator

from remento.integrations.scim.resources import (
    ENTERPRISE_SCHEMA,
    GROUP_SCHEMA,
    REMENTO_SCHEMA,
    USER_SCHEMA,
    GroupResource,
    UserResource,
)

# (schema, attribute, sub-attribute) -> (ORM field, kind). Kinds: "text" (case-insensitive),
# "exact" (case-exact), "id" (a SCIM id), "bool", "int".
USER_FIELDS: dict[tuple[str, str, str | None], tuple[str, str]] = {
    (USER_SCHEMA, "id", None): ("scim_id", "id"),
    (USER_SCHEMA, "username", None): ("user_name", "text"),
    (USER_SCHEMA, "externalid", None): ("external_id", "exact"),
    (USER_SCHEMA, "name", "givenname"): ("employee__first_name", "text"),
    (USER_SCHEMA, "name", "familyname"): ("employee__last_name", "text"),
    (USER_SCHEMA, "nickname", None): ("employee__preferred_name", "text"),
    (USER_SCHEMA, "title", None): ("employee__title", "text"),
    (USER_SCHEMA, "active", None): ("employee__is_active", "bool"),
    (USER_SCHEMA, "emails", None): ("employee__email", "text"),
    (USER_SCHEMA, "emails", "value"): ("employee__email", "text"),
    (ENTERPRISE_SCHEMA, "employeenumber", None): ("employee__employee_id", "exact"),
    (ENTERPRISE_SCHEMA, "department", None): ("employee__department__name", "text"),
    (ENTERPRISE_SCHEMA, "manager", "value"): ("employee__manager__scim_user__scim_id", "id"),
    (ENTERPRISE_SCHEMA, "manager", None): ("employee__manager__scim_user__scim_id", "id"),
    (REMENTO_SCHEMA, "level", None): ("employee__level", "int"),
}
GROUP_FIELDS: dict[tuple[str, str, str | None], tuple[str, str]] = {
    (GROUP_SCHEMA, "id", None): ("scim_id", "id"),
    (GROUP_SCHEMA, "displayname", None): ("display_name", "text"),
    (GROUP_SCHEMA, "externalid", None): ("external_id", "exact"),
    (GROUP_SCHEMA, "members", None): ("members__scim_id", "id"),
    (GROUP_SCHEMA, "members", "value"): ("members__scim_id", "id"),
}
_TEXT_LOOKUPS = {
    CompareOperator.eq: "iexact",
    CompareOperator.co: "icontains",
    CompareOperator.sw: "istartswith",
    CompareOperator.ew: "iendswith",
}
_EXACT_LOOKUPS = {
    CompareOperator.eq: "exact",
    CompareOperator.co: "contains",
    CompareOperator.sw: "startswith",
    CompareOperator.ew: "endswith",
}
# Where a bare attribute (no schema URN) is looked up: the core schema, then the extensions.
_SCHEMAS = (USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA, REMENTO_SCHEMA)


def _refuse(detail: str) -> InvalidFilterException:
    return InvalidFilterException(detail=detail)


class _QueryBuilder(FilterVisitor[Q]):
    def __init__(self, fields: dict[tuple[str, str, str | None], tuple[str, str]]) -> None:
        self.fields = fields
        # Inside ``emails[…]``: the attribute whose sub-attributes the filter names.
        self.within: AttrPath | None = None

    def _field(self, path: AttrPath) -> tuple[str, str]:
        attr, sub = path.attr.lower(), (path.sub_attr or "").lower() or None
        if self.within is not None:
            attr, sub = self.within.attr.lower(), path.attr.lower()
        schemas = (path.uri,) if path.uri else _SCHEMAS
        for schema in schemas:
            found = self.fields.get((schema or "", attr, sub))
            if found is not None:
                return found
        raise _refuse(f"filtering on {path} is not supported")

    def visit_comparison(self, node: Comparison) -> Q:
        if self.within is not None and node.attr_path.attr.lower() == "type":
            # Remento keeps one address, the work one: "type eq work" holds for it.
            holds = str(node.value).lower() == "work"
            wanted = holds if node.op == CompareOperator.eq else not holds
            return Q() if wanted else Q(pk__in=[])
        field, kind = self._field(node.attr_path)
        value = _value(node, kind)
        if node.op == CompareOperator.ne:
            return ~Q(**{field: value})
        if kind == "text" and node.op in _TEXT_LOOKUPS:
            return Q(**{f"{field}__{_TEXT_LOOKUPS[node.op]}": value})
        if kind == "exact" and node.op in _EXACT_LOOKUPS:
            return Q(**{f"{field}__{_EXACT_LOOKUPS[node.op]}": value})
        if node.op == CompareOperator.eq:
            return Q(**{field: value})
        raise _refuse(f"the operator {node.op.value} is not supported on {node.attr_path}")

    def visit_present(self, node: Present) -> Q:
        field, kind = self._field(node.attr_path)
        if kind in ("text", "exact"):
            return Q(**{f"{field}__gt": ""})
        return Q(**{f"{field}__isnull": False})

    def visit_not(self, node: Not) -> Q:
        return ~self.visit(node.expr)

    def visit_logical_expr(self, node: LogicalExpr) -> Q:
        query = self.visit(node.terms[0])
        for term in node.terms[1:]:
            if node.op == LogicalOperator.and_:
                query &= self.visit(term)
            else:
                query |= self.visit(term)
        return query

    def visit_value_path(self, node: ValuePath) -> Q:
        if self.within is not None:
            raise _refuse("a value filter inside a value filter is not supported")
        self.within = node.attr_path
        try:
            return self.visit(node.val_filter)
        finally:
            self.within = None


def _value(node: Comparison, kind: str) -> Any:
    value = node.value
    if kind == "bool":
        # Entra ID sends booleans as strings ("True", "False").
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if isinstance(value, bool):
            return value
        raise _refuse(f"{node.attr_path} is a boolean: compare it with true or false")
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise _refuse(f"{node.attr_path} is a number, not {value!r}") from None
    if kind == "id":
        try:
            return uuid.UUID(str(value))
        except ValueError:
            # No resource has an id that is not a UUID: the filter matches nothing.
            return uuid.UUID(int=0)
    if not isinstance(value, str):
        raise _refuse(f"{node.attr_path} is a string: compare it with a quoted value")
    return value


def user_filter_query(text: str) -> Q:
    """The ``Q`` over ``ScimUser`` rows that the SCIM filter ``text`` means
    (``InvalidFilterException`` for a bad or unsupported filter)."""
    return _QueryBuilder(USER_FIELDS).visit(ScimFilter[UserResource](text).ast)


def group_filter_query(text: str) -> Q:
    """The ``Q`` over ``ScimGroup`` rows that the SCIM filter ``text`` means."""
    return _QueryBuilder(GROUP_FIELDS).visit(ScimFilter[GroupResource](text).ast)
