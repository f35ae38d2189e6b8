"""The outcomes app's models live in its sub-packages; Django finds them here."""

from remento.outcomes.assessments.models import (
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.outcomes.dashboards.models import HealthSnapshot
from remento.outcomes.kept.models import KeptFigures
from remento.outcomes.kpis.models import KpiSnapshot

__all__ = [
    "Assessment",
    "AssessmentRating",
    "AssessmentStatus",
    "HealthSnapshot",
    "KeptFigures",
    "KpiSnapshot",
    "Phase",
    "RaterRole",
]
