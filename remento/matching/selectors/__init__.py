"""Reading matching: bulk runs and the preview (``runs``), participant choice (``choice``).

The pages and tests read through this package; each module names its own scoping rules.
"""

from remento.matching.selectors.choice import (
    MenteeChoice,
    MentorInbox,
    choice_program_get_for,
    mentee_choice,
    mentor_inbox,
    mentor_request_get_for,
)
from remento.matching.selectors.runs import (
    Preview,
    RunReview,
    match_run_current,
    match_run_get,
    match_run_review,
    matching_preview,
    proposal_get,
)

__all__ = [
    "MenteeChoice",
    "MentorInbox",
    "Preview",
    "RunReview",
    "choice_program_get_for",
    "match_run_current",
    "match_run_get",
    "match_run_review",
    "matching_preview",
    "mentee_choice",
    "mentor_inbox",
    "mentor_request_get_for",
    "proposal_get",
]
