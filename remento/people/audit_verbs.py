"""How the audit page names an event's action: its own label, else its code said as done
(``program.create`` → "Program created"), with the words of ``audit_present``."""

from __future__ import annotations

from remento.people.audit_present import words

VERB_LABELS = {
    "signin.succeeded": "Signed in",
    "signin.failed": "Sign-in failed (wrong password)",
    "signin.locked_out": "Sign-in failed, and paused after repeated failures",
    "signin.two_factor_failed": "Sign-in failed (wrong two-step code)",
    "signin.unlocked": "Sign-in unlocked by an admin",
    "password_reset.requested": "Password reset asked for",
    "password_reset.completed": "Password changed with a reset link",
    "two_factor.enabled": "Two-step sign-in turned on",
    "two_factor.removed": "Two-step sign-in turned off",
    "employee.role_set": "Role changed",
    "admin.added": "Added in the Django admin",
    "admin.changed": "Changed in the Django admin",
    "admin.deleted": "Deleted in the Django admin",
    "audit.exported": "Audit trail exported",
    "person.exported": "Personal data exported",
    "signin.password_refused": "Password refused (the organisation signs in with SSO only)",
    "password_reset.refused": "Password reset refused (SSO only)",
    "sso.connection_created": "Single sign-on connection added",
    "sso.connection_changed": "Single sign-on connection changed",
    "sso.saml_saved": "SAML connection saved",
    "sso.saml_test_started": "SAML test sign-in started",
    "sso.test_passed": "Single sign-on test sign-in passed",
    "sso.test_failed": "Single sign-on test sign-in failed",
    "sso.unavailable": "Single sign-on provider could not be reached",
    "sso.policy_changed": "Single sign-on policy changed",
    "sso.refused": "Single sign-on refused",
    "sso.sign_in_created": "Sign-in made at a first single sign-on",
    "scim.user_created": "Person provisioned (SCIM)",
    "scim.user_updated": "Person updated (SCIM)",
    "scim.user_deactivated": "Person deactivated (SCIM)",
    "scim.user_reactivated": "Person reactivated (SCIM)",
    "scim.user_deleted": "Person removed (SCIM)",
    "scim.group_created": "Group provisioned (SCIM)",
    "scim.group_updated": "Group updated (SCIM)",
    "scim.group_deleted": "Group removed (SCIM)",
    "token.created": "Access token made",
    "token.revoked": "Access token revoked",
    "chat.connected": "Chat workspace connected",
    "chat.changed": "Chat connection changed",
    "chat.disconnected": "Chat workspace disconnected",
    "chat.tested": "Chat test message sent",
    "chat.preference_set": "Notification channel chosen",
    "job.queued": "Background job queued",
    "job.file_expired": "Prepared file expired",
    "demo.seed": "Demo organisation built",
    "demo.hris_history": "Demo HR history written (leavers and promotions)",
    "checkin.answered": "Check-in answered",
    "employee.profile_update": "Profile updated",
    "program.kpis_set": "Program KPIs set",
    "program.weights_update": "Matching weights updated",
    "match_run.start": "Matching run finished",
    "pair.agreement_sign": "Pair agreement signed",
    "pair.agreement_update": "Pair agreement updated",
    "pair.checklist_tick": "Pair checklist step ticked",
    "pair.checklist_untick": "Pair checklist step unticked",
    "goal.milestone_toggle": "Goal milestone ticked or unticked",
    "goal.seed": "Suggested goals added",
    "note.private_create": "Private note written",
    "note.shared_create": "Shared note written",
    "training.modules_seed": "Training modules added",
    "training.complete": "Training module completed",
    "resource.seed": "Training resources added",
    "organization.setup": "Organisation set up",
    "match_run.queue": "Matching run queued",
    "match_run.cancel": "Matching run cancelled",
    "match_run.publish": "Matching run published",
    "match_run.lock": "Pair locked in a matching run",
    "match_run.unlock": "Pair unlocked in a matching run",
    "match_run.remove": "Pair removed from a matching run",
    "match_run.swap": "Partners swapped in a matching run",
}

# The last word of a verb in the present (``program.create``), said as done.
_DONE = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "toggle": "ticked or unticked",
    "transition": "moved to another step",
    "publish": "published",
    "start": "started",
    "accept": "accepted",
    "decline": "declined",
    "withdraw": "withdrawn",
    "cancel": "cancelled",
    "propose": "proposed",
    "log": "logged",
    "close": "closed",
    "lock": "locked",
    "unlock": "unlocked",
    "remove": "removed",
    "swap": "swapped",
    "queue": "queued",
    "expire": "expired",
    "nudge": "nudged",
    "reply": "replied to",
    "resolve": "resolved",
    "rematch": "rematched",
    "refresh": "refreshed",
    "reset": "reset",
    "seed": "added",
    "sign": "signed",
    "complete": "completed",
    "retry": "retried",
}


def verb_label(verb: str) -> str:
    """A readable name for an event's verb: its own label, else the verb in plain words
    (``program.create`` → "Program created")."""
    if verb in VERB_LABELS:
        return VERB_LABELS[verb]
    subject, _, action = verb.rpartition(".")
    if subject and action in _DONE:
        return f"{words(subject)} {_DONE[action]}"
    return words(verb)
