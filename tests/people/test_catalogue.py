"""The skills catalogue and its installation into an organisation."""

from __future__ import annotations

from collections import Counter

from django.utils.text import slugify

from remento.core.models import Organization
from remento.people.catalogue import INTERESTS, SKILLS, skill_catalogue_install
from remento.people.models import Interest, Skill, SkillCategory


def test_catalogue_has_at_least_sixty_skills_covering_every_category() -> None:
    per_category = Counter(skill.category for skill in SKILLS)
    assert len(SKILLS) >= 60
    assert set(per_category) == set(SkillCategory)
    assert min(per_category.values()) >= 8


def test_catalogue_names_and_slugs_are_unique_valid_and_described() -> None:
    assert len({skill.slug for skill in SKILLS}) == len(SKILLS)
    assert len({skill.name.lower() for skill in SKILLS}) == len(SKILLS)
    for skill in SKILLS:
        assert skill.slug == slugify(skill.slug), skill.slug
        assert 20 <= len(skill.description) <= 300, skill.name
        assert "\n" not in skill.description
        assert len(skill.name) <= 120


def test_catalogue_names_the_skills_reverse_mentoring_is_about() -> None:
    slugs = {skill.slug for skill in SKILLS}
    for slug in ("tiktok", "linkedin-personal-brand", "generative-ai-prompting", "power-bi"):
        assert slug in slugs
    for slug in ("gen-z-expectations", "inclusive-language", "strategic-thinking"):
        assert slug in slugs


def test_install_gives_an_organisation_every_skill_and_interest(
    organization: Organization,
) -> None:
    added = skill_catalogue_install(organization=organization)

    assert added == (len(SKILLS), len(INTERESTS))
    assert Skill.objects.filter(organization=organization).count() == len(SKILLS)
    assert Interest.objects.filter(organization=organization).count() == len(INTERESTS)
    tiktok = Skill.objects.get(organization=organization, slug="tiktok")
    assert tiktok.category == SkillCategory.SOCIAL_MEDIA
    assert tiktok.description


def test_install_again_adds_only_what_is_missing_and_keeps_the_organisations_edits(
    organization: Organization,
) -> None:
    skill_catalogue_install(organization=organization)
    Skill.objects.filter(organization=organization, slug="notion").update(
        name="Notion (our wiki)", description="How we use Notion here."
    )
    Skill.objects.filter(organization=organization, slug="tiktok").delete()
    Interest.objects.filter(organization=organization, name="Chess").delete()

    added = skill_catalogue_install(organization=organization)

    assert added == (1, 1)
    notion = Skill.objects.get(organization=organization, slug="notion")
    assert notion.name == "Notion (our wiki)"
    assert notion.description == "How we use Notion here."
    assert Skill.objects.filter(organization=organization).count() == len(SKILLS)
    assert Interest.objects.filter(organization=organization, name="Chess").exists()


def test_install_does_not_touch_another_organisations_skills(
    organization: Organization,
) -> None:
    other = Organization.objects.create(name="Other", slug="other-org")
    skill_catalogue_install(organization=organization)

    assert not Skill.objects.filter(organization=other).exists()
    assert skill_catalogue_install(organization=other) == (len(SKILLS), len(INTERESTS))
