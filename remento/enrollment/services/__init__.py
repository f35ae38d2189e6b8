"""Enrolment services: the questionnaire, sign-up and applications, nominations, the
waitlist. Import them from here."""

from remento.enrollment.services.coordinator import (
    enrollment_approve,
    enrollment_decline,
    enrollment_nominate,
    enrollment_promote_waitlist,
)
from remento.enrollment.services.invitations import enrollment_invite_many
from remento.enrollment.services.participant import (
    enrollment_accept_invitation,
    enrollment_decline_invitation,
    enrollment_submit,
    enrollment_withdraw,
)
from remento.enrollment.services.questions import (
    QuestionData,
    question_create,
    question_delete,
    question_update,
)

__all__ = [
    "QuestionData",
    "enrollment_accept_invitation",
    "enrollment_approve",
    "enrollment_decline",
    "enrollment_decline_invitation",
    "enrollment_invite_many",
    "enrollment_nominate",
    "enrollment_promote_waitlist",
    "enrollment_submit",
    "enrollment_withdraw",
    "question_create",
    "question_delete",
    "question_update",
]
