"""Reading matching: bulk runs and the preview (``runs``), a run under review a page at a
time (``review``) and a row's swap candidates (``swaps``), participant choice (``choice``).

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
from remento.matching.selectors.previews import StoredPreview, stored_matching_preview
from remento.matching.selectors.progress import (
    RunActivity,
    match_run_activity,
    match_run_going,
    match_run_progress,
)
from remento.matching.selectors.review import (
    ReviewFilters,
    review_departments,
    review_page,
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
from remento.matching.selectors.swaps import SwapSearch, swap_candidates

__all__ = [
    "MenteeChoice",
    "MentorInbox",
    "Preview",
    "ReviewFilters",
    "RunActivity",
    "RunReview",
    "StoredPreview",
    "SwapSearch",
    "choice_program_get_for",
    "match_run_activity",
    "match_run_current",
    "match_run_get",
    "match_run_going",
    "match_run_progress",
    "match_run_review",
    "matching_preview",
    "mentee_choice",
    "mentor_inbox",
    "mentor_request_get_for",
    "proposal_get",
    "review_departments",
    "review_page",
    "stored_matching_preview",
    "swap_candidates",
]
