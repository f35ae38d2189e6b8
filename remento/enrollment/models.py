"""Who takes part in a program, on which side, and how they got in (step 3)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from remento.core.models import TimeStampedModel
from remento.people.models import HOURS_PER_MONTH_MAX, HOURS_PER_MONTH_MIN, Employee, Skill
from remento.people.sort_names import MAX_LENGTH as SORT_NAME_LENGTH
from remento.programs.models import Program


class EnrollmentRole(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"


class EnrollmentStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    APPLIED = "applied", "Applied, awaiting approval"
    ENROLLED = "enrolled", "Enrolled"
    WAITLISTED = "waitlisted", "On the waitlist"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Enrollment(TimeStampedModel):
    """One person's place in one program. Only ``enrolled`` people are matched."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="enrollments")
    role = models.CharField(max_length=10, choices=EnrollmentRole.choices)
    status = models.CharField(max_length=12, choices=EnrollmentStatus.choices)
    # Confirmed at enrolment: commitment, where they work from, consent for matching.
    hours_per_month = models.PositiveSmallIntegerField(
        default=4,
        validators=[
            MinValueValidator(HOURS_PER_MONTH_MIN),
            MaxValueValidator(HOURS_PER_MONTH_MAX),
        ],
    )
    timezone = models.CharField(max_length=64, default="UTC")
    consent_sensitive = models.BooleanField(
        "use my consented attributes in matching", default=False
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        "partners at once", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    # When the person joined the waitlist: the queue is served in this order.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    # The person's name as the participants list sorts it (``people.sort_names``: given
    # when the row is made, rewritten when the name changes), so that an index serves a
    # page of the list without reading the whole program.
    sort_name = models.CharField(max_length=SORT_NAME_LENGTH, default="", editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "employee"], name="enrollment_unique")
        ]
        # The participants list's two orders of (role, status) filters: any role, or one
        # role, by status then name; one status, by role then name. The person last in
        # both (SQLite picks either for one role and status): the requests overview
        # (``matching.overview``) reads a role's enrolled people by name and tests each
        # one's pairs and requests from the index alone, not from the rows of the program.
        indexes = [
            models.Index(
                fields=["program", "role", "status", "sort_name", "id", "employee"],
                name="enrollment_participants_page",
            ),
            models.Index(
                fields=["program", "status", "role", "sort_name", "id", "employee"],
                name="enrollment_status_page",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} as {self.role} in {self.program}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    SKILLS = "skills", "Skill picker"
    SCALE = "scale", "Scale from 1 to 5"
    TEXT = "text", "Free text"


# What each point of a 1-to-5 scale question means: the form offers "1 — Not at all" … and
# every page shows an answer the same way, never a bare number.
SCALE_LABELS: dict[int, str] = {
    1: "Not at all",
    2: "A little",
    3: "Somewhat",
    4: "Quite a lot",
    5: "Very much",
}


def scale_label(number: int) -> str:
    """``scale_label(1)`` → "1 — Not at all"; a number off the scale stays a number."""
    meaning = SCALE_LABELS.get(number)
    return f"{number} — {meaning}" if meaning else str(number)


class QuestionFeeds(models.TextChoices):
    """The matching criterion an answer updates on the person's profile."""

    NOTHING = "", "Nothing (kept as an answer only)"
    SKILLS_WANTED = "skills_wanted", "Skills the person wants to learn"
    SKILLS_OFFERED = "skills_offered", "Skills the person can teach"
    INTERESTS = "interests", "Interests"
    EXTRAVERSION = "extraversion", "Introvert–extrovert score"
    HOURS = "hours_per_month", "Hours per month"


class QuestionAudience(models.TextChoices):
    EVERYONE = "", "Everyone"
    MENTOR = "mentor", "Mentors only"
    MENTEE = "mentee", "Mentees only"


class Question(TimeStampedModel):
    """One question of a program's sign-up questionnaire."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("question", max_length=300)
    help_text = models.CharField("help", max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    audience = models.CharField(
        "asked of", max_length=10, choices=QuestionAudience.choices, blank=True
    )
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=1)
    # The options of a single or multiple choice question, in the order shown.
    choices = models.JSONField(default=list, blank=True)
    # A skill picker offers these skills; none = every skill of the organisation.
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    feeds = models.CharField(
        "updates the profile's", max_length=20, choices=QuestionFeeds.choices, blank=True
    )

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["program", "position"])]

    def __str__(self) -> str:
        return self.text

    def asked_of(self, role: str) -> bool:
        return self.audience in ("", role)


class Answer(TimeStampedModel):
    """A participant's answer to one question: ``value`` is the raw answer (text, a choice,
    a list of choices, a number, or a list of skill ids); ``display`` is how it read then."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    display = models.TextField(blank=True)

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.employee} on {self.question}"

    @property
    def shown(self) -> str:
        """The answer as pages show it: a scale's point with its meaning ("4 — Quite a
        lot", also for answers saved before scales were labelled), else ``display``."""
        if self.question.kind == QuestionKind.SCALE and isinstance(self.value, int):
            return scale_label(self.value)
        return self.display
