"""The employee directory: departments, people, skills, interests and consented attributes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from remento.core.models import Organization, TimeStampedModel


class Generation(models.TextChoices):
    TRADITIONALISTS = "traditionalists", "Traditionalists"
    BOOMERS = "boomers", "Boomers"
    GEN_X = "gen_x", "Gen X"
    MILLENNIALS = "millennials", "Millennials"
    GEN_Z = "gen_z", "Gen Z"
    GEN_ALPHA = "gen_alpha", "Gen Alpha"


def generation_for(birth_year: int | None) -> Generation | None:
    """The generation of a birth year, with the boundaries the program material uses."""
    if birth_year is None:
        return None
    if birth_year <= 1945:
        return Generation.TRADITIONALISTS
    if birth_year <= 1964:
        return Generation.BOOMERS
    if birth_year <= 1980:
        return Generation.GEN_X
    if birth_year <= 1995:
        return Generation.MILLENNIALS
    if birth_year <= 2012:
        return Generation.GEN_Z
    return Generation.GEN_ALPHA


class Role(models.TextChoices):
    ADMIN = "admin", "Organisation admin"
    COORDINATOR = "coordinator", "Program coordinator"
    PARTICIPANT = "participant", "Participant"


class Department(TimeStampedModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SkillCategory(models.TextChoices):
    DIGITAL_TOOLS = "digital_tools", "Digital tools"
    SOCIAL_MEDIA = "social_media", "Social media"
    AI_DATA = "ai_data", "AI and data"
    WAYS_OF_WORKING = "ways_of_working", "Ways of working"
    DEI_CULTURE = "dei_culture", "Diversity, equity, inclusion and culture"
    LEADERSHIP_STRATEGY = "leadership_strategy", "Leadership and strategy"
    BUSINESS_ACUMEN = "business_acumen", "Business acumen"


class Skill(models.Model):
    """One entry of the organisation's skills taxonomy."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    category = models.CharField(max_length=40, choices=SkillCategory.choices)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="skill_unique_slug"),
            models.UniqueConstraint(fields=["organization", "name"], name="skill_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Interest(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="interests"
    )
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="interest_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


# The longest bio a profile keeps: a few lines, read on a suggestion card.
BIO_MAX = 600
# The one range of hours a month for mentoring: profiles, enrolments, forms and questions.
HOURS_PER_MONTH_MIN, HOURS_PER_MONTH_MAX = 1, 40


class Employee(TimeStampedModel):
    """A person in the organisation, as the HRIS knows them plus their mentoring profile."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="employees"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)

    # From the HRIS.
    employee_id = models.CharField("employee id", max_length=64)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField()
    title = models.CharField("job title", max_length=200, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="employees"
    )
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    location = models.CharField(max_length=120, blank=True)
    timezone = models.CharField("time zone", max_length=64, default="UTC")
    hire_date = models.DateField(null=True, blank=True)
    leave_date = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    # When Remento saw them leave (the HRIS sync deactivated them): the retention period of
    # ``REMENTO_LEAVER_RETENTION_DAYS`` counts from here. When their data was erased.
    left_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The mentoring profile, kept by the person themselves.
    interests = models.ManyToManyField(Interest, blank=True, related_name="employees")
    extraversion = models.PositiveSmallIntegerField(
        "introvert–extrovert score",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = strongly introverted, 3 = in between, 5 = strongly extroverted.",
    )
    hours_per_month = models.PositiveSmallIntegerField(
        "hours per month for mentoring",
        default=4,
        validators=[
            MinValueValidator(HOURS_PER_MONTH_MIN),
            MaxValueValidator(HOURS_PER_MONTH_MAX),
        ],
    )
    bio = models.TextField(
        "short bio",
        max_length=BIO_MAX,
        blank=True,
        help_text="A few lines a partner reads when choosing: what you do, what you enjoy.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "employee_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "employee_id"], name="employee_unique_employee_id"
            ),
            models.UniqueConstraint(fields=["organization", "email"], name="employee_unique_email"),
        ]
        indexes = [
            models.Index(fields=["organization", "is_active", "level"]),
            models.Index(fields=["organization", "last_name", "first_name"]),
            # The few admins and coordinators (roles page, SSO break-glass choice, whom a
            # participant asks), already in name order, without reading every participant.
            models.Index(
                fields=["organization", "role", "last_name", "first_name"],
                name="employee_org_role",
            ),
            # The distinct locations of the active people, one index step per location
            # (``people.locations.active_locations``).
            models.Index(
                fields=["organization", "is_active", "location"], name="employee_org_location"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}".strip()

    @property
    def sort_name(self) -> str:
        """The name as lists sort it: the last name, a tab (before any character a name
        holds), the first name; ``people.sort_names`` keeps copies beside other rows."""
        return f"{self.last_name}\t{self.first_name}"

    @property
    def generation(self) -> Generation | None:
        return generation_for(self.birth_year)

    @property
    def is_coordinator(self) -> bool:
        return self.role in (Role.ADMIN, Role.COORDINATOR)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class SkillOffer(models.Model):
    """A skill the person can teach."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="skill_offers")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="offers")
    proficiency = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = basic, 5 = expert.",
    )

    class Meta:
        ordering = ["-proficiency", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "skill"], name="skill_offer_unique"),
            models.CheckConstraint(
                condition=models.Q(proficiency__gte=1, proficiency__lte=5),
                name="skill_offer_proficiency_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} teaches {self.skill} ({self.proficiency}/5)"


class SkillWant(models.Model):
    """A skill the person wants to learn."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="skill_wants")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="wants")
    priority = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = nice to have, 5 = top priority.",
    )

    class Meta:
        ordering = ["-priority", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "skill"], name="skill_want_unique"),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=5),
                name="skill_want_priority_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} wants {self.skill} (priority {self.priority}/5)"


class SensitiveKind(models.TextChoices):
    BACKGROUND = "background", "Ethnic or cultural background"
    DISABILITY = "disability", "Disability or long-term condition"
    LGBTQ = "lgbtq", "LGBTQ+"
    GENDER = "gender", "Gender identity"
    FIRST_GENERATION = "first_generation", "First in family at university"
    CAREGIVER = "caregiver", "Caring responsibilities"


class SensitiveAttribute(models.Model):
    """A self-declared sensitive attribute, stored apart from the directory.

    Used in matching only while ``consent_matching`` is on; shown only in aggregates of at
    least ``REMENTO_MIN_GROUP_SIZE`` people; never on a profile page.
    """

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="sensitive_attributes"
    )
    kind = models.CharField(max_length=30, choices=SensitiveKind.choices)
    value = models.CharField(max_length=120)
    consent_matching = models.BooleanField(default=False)
    consented_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "kind"], name="sensitive_attribute_unique")
        ]

    def __str__(self) -> str:
        # Never the value: this string can reach logs and the admin's history.
        return f"{self.get_kind_display()} of {self.employee}"


def pending_upload_storage() -> FileSystemStorage:
    """Where uploaded HRIS files wait for their confirmation: under MEDIA_ROOT (never
    served), readable by the server's own user only."""
    return FileSystemStorage(file_permissions_mode=0o600, directory_permissions_mode=0o700)


def pending_upload_name(instance: ImportBatch, filename: str) -> str:
    """A random name: neither the uploader's file name nor the batch's token."""
    return f"imports/pending/{uuid.uuid4().hex}.csv"


class ImportBatch(TimeStampedModel):
    """One HRIS file uploaded through the import page: kept between preview and confirm,
    then the record of what it did. The file itself is a file under MEDIA_ROOT, deleted
    once applied, discarded or past ``REMENTO_PENDING_UPLOAD_HOURS``
    (``remento.people.importing.uploads``)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        APPLIED = "applied", "Imported"
        DISCARDED = "discarded", "Discarded"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="import_batches"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The URL's secret: unguessable, and only ever looked up with organisation and uploader.
    token = models.CharField(max_length=64, unique=True)
    file_name = models.CharField(max_length=255)
    upload = models.FileField(
        upload_to=pending_upload_name,
        storage=pending_upload_storage,
        max_length=200,
        blank=True,
        editable=False,
    )
    full_sync = models.BooleanField(default=False)
    ignored_columns = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    result = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class LevelChangeSource(models.TextChoices):
    IMPORT = "import", "HRIS import"
    EDIT = "edit", "Edited in Remento"


class LevelChange(models.Model):
    """A change of a person's level, effective from a date: the HRIS history that promotions
    are measured from. The import and edits add a row when the level changes; ``level`` on
    the employee stays the current one, so nothing is overwritten without a trace."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="level_changes")
    level_before = models.PositiveSmallIntegerField()
    level_after = models.PositiveSmallIntegerField()
    effective_date = models.DateField()
    source = models.CharField(max_length=10, choices=LevelChangeSource.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employee", "effective_date", "id"]
        indexes = [models.Index(fields=["employee", "effective_date"])]

    def __str__(self) -> str:
        return (
            f"{self.employee}: level {self.level_before} → {self.level_after} "
            f"({self.effective_date})"
        )

    @property
    def is_promotion(self) -> bool:
        """A move up the career ladder (level 1 is the entry level)."""
        return self.level_after > self.level_before


# The skill-gap pages' kept totals: their models live beside (registered on import).
from remento.people import totals  # noqa: E402, F401
from remento.people.erasure_models import ErasedEmployeeId  # noqa: E402, F401
