"""Training modules participants complete before and during a program, and the resources
library every participant can read."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from remento.core.models import Organization, TimeStampedModel
from remento.people.models import Employee
from remento.programs.models import Program

MINUTES_MIN, MINUTES_MAX = 1, 600


class ModuleTiming(models.TextChoices):
    BEFORE_LAUNCH = "before_launch", "Before the pair starts"
    DURING = "during", "During the program"


class TrainingModule(TimeStampedModel):
    """One piece of training in a program. Required before-launch modules hold a pair back
    from starting until both people have completed them."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="training_modules")
    title = models.CharField(max_length=200)
    content = models.TextField(
        help_text="What the participant reads; blank lines split paragraphs."
    )
    required = models.BooleanField(default=True)
    timing = models.CharField(
        max_length=20, choices=ModuleTiming.choices, default=ModuleTiming.BEFORE_LAUNCH
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(MINUTES_MIN), MaxValueValidator(MINUTES_MAX)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "title"], name="training_module_unique_title"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def blocks_launch(self) -> bool:
        return self.required and self.timing == ModuleTiming.BEFORE_LAUNCH


class TrainingCompletion(models.Model):
    """A participant has completed a module (once; completing again keeps the first date)."""

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="completions")
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="training_completions"
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["completed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["module", "employee"], name="training_completion_once")
        ]

    def __str__(self) -> str:
        return f"{self.employee} completed {self.module}"


class ResourceCategory(models.TextChoices):
    GETTING_STARTED = "getting_started", "Getting started"
    MEETINGS = "meetings", "Good meetings"
    FEEDBACK = "feedback", "Feedback"
    GOALS = "goals", "Goals and progress"
    DIGITAL = "digital", "Digital skills"
    INCLUSION = "inclusion", "Inclusion and culture"
    OTHER = "other", "Other"


class Resource(TimeStampedModel):
    """An article or a link in the organisation's resources library; with a program, only
    that program's participants (and coordinators) see it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="resources"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="resources"
    )
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.URLField("link", max_length=500, blank=True)
    category = models.CharField(
        max_length=20, choices=ResourceCategory.choices, default=ResourceCategory.OTHER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["category", "title"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "title"], name="resource_unique_title"),
            models.CheckConstraint(
                condition=~models.Q(body="") | ~models.Q(url=""), name="resource_body_or_url"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingStandingRun(models.Model):
    """When the worker last kept a program's training standing (``training.standing``) and
    the program's totals then, updated in place as completions are recorded. ``queued_at``:
    when a refresh was last asked of the worker (at most one waits per program)."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, primary_key=True, related_name="training_standing_run"
    )
    computed_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    people_total = models.PositiveIntegerField(default=0)
    people_complete = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Training standing of {self.program_id} as of {self.computed_at}"


class TrainingStanding(models.Model):
    """One person the program's training applies to, as last kept: how many required
    modules they miss (``done``: none), with their name as sorted (a copy kept by
    ``people.sort_names``) so the compliance list reads a page by name from an index."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    sort_name = models.CharField(max_length=201)
    missing = models.PositiveSmallIntegerField()
    done = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "employee"], name="training_standing_once")
        ]
        indexes = [
            # Those not done first by name (the default list), and everyone by name.
            models.Index(
                fields=["program", "done", "sort_name", "employee"], name="training_standing_todo"
            ),
            models.Index(
                fields=["program", "sort_name", "employee"], name="training_standing_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} in {self.program_id}: {self.missing} missing"


class TrainingModuleTally(models.Model):
    """How many of the program's kept participants completed a module (every module of the
    program: the compliance page reads the required ones, the modules page all of them).
    ``required``: whether the module was required when counted, so that a module made
    required or optional since is seen (the kept rows' ``missing`` counted the modules
    required then)."""

    module = models.OneToOneField(
        TrainingModule, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    done = models.PositiveIntegerField()
    required = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.module_id}: {self.done} done"
