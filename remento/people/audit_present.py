"""How the audit page words an event: its action, what it is about, and its details.

An event keeps codes (``program.create``, ``{"kpis": {"checkin_rating": "4"}}``,
``["issuer", "client_id"]``); an admin reads words ("Program created", "Average check-in
rating (1–5): 4", "Issuer, Client ID"). Everything here works from the event alone, with no
query: the page lists fifty events, and its queries do not grow with them. The labels of
choices and fields come from the models through the app registry (this app sits below the
apps whose events it words, so it names their models rather than importing them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

# A long text (a program's lessons, a question) is cut to this many characters on the page;
# the CSV export keeps it whole.
SHORT = 160

# Words for codes that plain words would spell badly.
_ACRONYMS = {
    "ip": "IP",
    "kpis": "KPIs",
    "kpi": "KPI",
    "sso": "SSO",
    "scim": "SCIM",
    "saml": "SAML",
    "oidc": "OIDC",
    "hris": "HRIS",
    "id": "ID",
    "idp": "IdP",
    "csv": "CSV",
    "pdf": "PDF",
    "url": "URL",
    "checkin": "check-in",
    "sha256": "SHA-256",
}

KEY_LABELS = {
    "ip": "IP address",
    "kpis": "KPIs",
    "by_name": "By",
    "cadence_days": "Days between meetings",
    "text_sha256": "Agreement text fingerprint (SHA-256)",
    "email_digest": "Email fingerprint",
    "known_account": "Known account",
    "idp_entity_id": "Identity provider entity ID",
    "sso_only": "SSO only",
    "break_glass": "Break-glass admin",
    "rater_role": "Rater",
    "quote_allowed": "May be quoted",
    "scim_id": "SCIM ID",
    "token_prefix": "Token prefix",
    "attempt_records_cleared": "Failed attempts cleared",
    "employee_id": "Employee ID",
    "hours_per_month": "Hours per month",
    "via": "Through",
    "change": "What changed",
}

# Data keys that hold the id of a row: the kind of thing, so that ``{"pair": 8}`` reads
# "Pair: #8" and ``{"mentor": 226}`` reads "Mentor: person #226".
ID_KINDS = {
    "pair": "pair",
    "pairs": "pair",
    "previous_pair": "pair",
    "program": "program",
    "employee": "person",
    "mentor": "person",
    "mentee": "person",
    "owner": "person",
    "by": "person",
    "left": "person",
    "manager": "person",
    "break_glass": "person",
    "milestone": "milestone",
    "meeting": "meeting",
    "meetings": "meeting",
    "expired": "mentor request",
}

# Keys whose values are codes of a model's choices: the model field they come from. A key
# not named here is looked up as a field of the event's target (``status`` of an enrolment).
CHOICE_FIELDS: dict[str, tuple[str, str]] = {
    "type": ("programs.program", "program_type"),
    "source": ("relationships.pair", "source"),
    "resolution": ("relationships.safetyrequest", "resolution"),
    "service": ("chat.chatconnection", "service"),
    "delivery": ("chat.chatpreference", "delivery"),
    "protocol": ("sso.ssoconnection", "protocol"),
    "step": ("relationships.checklisttick", "step"),
}
# Keys that hold the target's value before or after: read as its status, else its role.
_STATE_KEYS = {"from", "to", "was", "state"}
_STATE_FIELDS = ("status", "role")
# Dicts whose keys are codes of a model's choices: KPIs by kind.
DICT_KEY_FIELDS = {"kpis": ("programs.programkpi", "kind")}
# Lists of the target's field names: each read as the field's own label.
FIELD_LISTS = {"changed", "fields"}

# Data keys that name the thing an event is about, in the order they are tried.
NAME_KEYS = ("name", "title", "text", "file")
# The kind of a target whose model's own name reads badly.
TARGET_KINDS = {
    "sso.ssoconnection": "Single sign-on connection",
    "relationships.checkin": "Check-in",
    "integration_tokens.accesstoken": "Access token",
}


@dataclass(frozen=True)
class Detail:
    """One line of an event's details: ``label: text``; a dict's entries are also in
    ``parts`` (label, text), for the page to list them."""

    label: str
    text: str
    parts: list[tuple[str, str]] = field(default_factory=list)


def words(code: str) -> str:
    """``enrollment.approved`` → ``Enrollment approved``: a code read as plain words."""
    spaced = code.replace(".", " ").replace("_", " ").strip()
    said = [_ACRONYMS.get(word.lower(), word) for word in spaced.split()]
    if not said:
        return ""
    first = said[0]
    return " ".join([first[:1].upper() + first[1:], *said[1:]])


def _said(text: str) -> str:
    """A lower-case name with its acronyms spelt out: "client id" → "client ID"."""
    return " ".join(_ACRONYMS.get(word, word) for word in text.split())


@cache  # models do not change once Django has started; a trail asks thousands of times
def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


@cache
def _choices(model: type[models.Model] | None, name: str) -> Mapping[str, str]:
    """A field's choices by value (read-only: one copy serves every event)."""
    found = _field(model, name)
    if found is None or not found.choices:
        return MappingProxyType({})
    return MappingProxyType({str(value): str(label) for value, label in found.flatchoices})


def target_kind(target_type: str) -> str:
    """The kind of thing an event is about, in words: ``programs.program`` → "Program"."""
    if target_type in TARGET_KINDS:
        return TARGET_KINDS[target_type]
    model = _model(target_type)
    if model is None:
        return words(target_type.rpartition(".")[2] or target_type)
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def target_label(target_type: str, target_id: str) -> str:
    """What an event is about when no name is kept for it: ``Program #5``."""
    kind = target_kind(target_type)
    return f"{kind} #{target_id}" if target_id else kind


def _short(text: str, limit: int = SHORT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def subject_name(target_type: str, target_id: str, data: Mapping[str, Any]) -> tuple[str, str]:
    """What an event (not about a person) is about: its kind and the name the event kept
    (``Program “AI for leaders”``), else its kind and id; and the data key the name came from,
    which the details then leave out ("" when none)."""
    if not target_type:
        return "", ""
    kind = target_kind(target_type)
    for key in NAME_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return f"{kind} “{_short(value.strip(), 80)}”", key
    return target_label(target_type, target_id), ""


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _id_text(kind: str, label: str, value: Any) -> str:
    """``#8`` when the label already says what it is (Pair: #8), else ``person #226``."""
    prefix = "#" if kind == label.lower() or f"{kind}s" == label.lower() else f"{kind} #"
    return f"{prefix}{value}"


@dataclass(frozen=True)
class _Context:
    target_type: str
    verb: str = ""

    @property
    def target(self) -> type[models.Model] | None:
        return _model(self.target_type) if self.target_type else None


def _value_text(key: str, value: Any, label: str, context: _Context) -> str:
    """A value in words: booleans as yes or no, choices by their label, ids as #n, lists
    comma-joined, dicts as ``key: value`` pairs."""
    if value is None or value == "":
        return "—"
    if context.verb.startswith("match_run.") and key in ("pair", "pairs"):
        return _proposed_pairs(key, value)
    if isinstance(value, (list, tuple)):
        # A top-level list reads as its items; a nested one keeps its brackets.
        return ", ".join(_item_text(key, item, label, context) for item in value) or "none"
    return _item_text(key, value, label, context) or "none"


def _proposed_pairs(key: str, value: Any) -> str:
    """A matching run's pairs are kept as [mentor, mentee] ids: "mentor #175 with mentee #3"."""
    if key == "pair":
        value = [value]
    if not isinstance(value, (list, tuple)):
        return str(value)
    said = []
    for pair in value:
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            said.append(f"mentor #{pair[0]} with mentee #{pair[1]}")
        else:
            said.append(f"#{pair}")
    return ", ".join(said)


def _item_text(key: str, value: Any, label: str, context: _Context) -> str:
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_item_text(key, item, label, context) for item in value) + ")"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in _dict_parts(key, value, context))
    if key in ID_KINDS and isinstance(value, int):
        return _id_text(ID_KINDS[key], label, value)
    text = str(value)
    if key in FIELD_LISTS:
        found = _field(context.target, text)
        return _said(str(found.verbose_name) if found is not None else text.replace("_", " "))
    choices = _value_choices(key, context)
    return choices.get(text, text)


def _value_choices(key: str, context: _Context) -> Mapping[str, str]:
    if key in CHOICE_FIELDS:
        model_label, name = CHOICE_FIELDS[key]
        return _choices(_model(model_label), name)
    if key in _STATE_KEYS:
        for name in _STATE_FIELDS:
            if found := _choices(context.target, name):
                return found
        return MappingProxyType({})
    return _choices(context.target, key)


def _dict_parts(key: str, value: Mapping[Any, Any], context: _Context) -> list[tuple[str, str]]:
    names: Mapping[str, str] = {}
    if key in DICT_KEY_FIELDS:
        model_label, name = DICT_KEY_FIELDS[key]
        names = _choices(_model(model_label), name)
    parts = []
    for inner, inner_value in sorted(value.items(), key=lambda item: str(item[0])):
        inner_label = names.get(str(inner)) or words(str(inner))
        parts.append((inner_label, _value_text(str(inner), inner_value, inner_label, context)))
    return parts


def key_label(key: str) -> str:
    return KEY_LABELS.get(key) or words(key)


def details_of(
    data: Mapping[str, Any], *, verb: str = "", target_type: str = "", leave_out: str = ""
) -> list[Detail]:
    """An event's data as lines of words, in the order of their keys."""
    context = _Context(target_type=target_type, verb=verb)
    details = []
    for key, value in sorted(data.items(), key=lambda item: str(item[0])):
        key = str(key)
        if key == leave_out:
            continue
        label = key_label(key)
        parts = _dict_parts(key, value, context) if isinstance(value, dict) and value else []
        details.append(Detail(label, _value_text(key, value, label, context), parts))
    return details
