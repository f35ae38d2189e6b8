"""Personas shared by the whole suite: one organisation, its admin, a coordinator, a mentor,
a mentee, and a stranger from another organisation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from remento.core.models import Organization
from remento.people.models import Employee, Role
from tests.factories import PASSWORD, OrganizationFactory, employee_with_login


def pytest_configure(config: pytest.Config) -> None:
    """Each pytest-xdist worker gets its own var folder (uploads, emails, static files), and
    the static folder exists, so that WhiteNoise does not warn on every request."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        var_dir = Path(django_settings.VAR_DIR) / worker
        django_settings.VAR_DIR = var_dir
        django_settings.STATIC_ROOT = var_dir / "static"
        django_settings.MEDIA_ROOT = var_dir / "media"
        django_settings.MAIL_DIR = var_dir / "mail"
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Argon2 costs a quarter of a second of four threads per password, paid by every persona
    # and every sign-in: most of the suite's time. The tests check who may sign in, not how
    # hard a hash is to crack, so they hash with MD5. Production's setting (Argon2 first) is
    # checked in a fresh interpreter, by tests/core/test_settings.py.
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings: Any) -> None:
    """Tests do not run collectstatic, so the hashed-manifest storage of production settings
    would fail on every page; serve the apps' static files under their plain names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    """Uploads (pending HRIS files) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def outbox_dir(settings: Any, tmp_path: Path) -> Path:
    """The demo's configuration: emails written to files in a folder of the test's own (the
    Outbox exists only then)."""
    folder = tmp_path / "mail"
    settings.EMAIL_MODE, settings.MAIL_DIR = "file", folder
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    return folder


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """The password-reset limits count in Django's cache, which outlives a test; each test
    starts with none counted. (Sign-in failures are counted in the database, which each
    test starts afresh.)"""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def organization(db: None) -> Organization:
    return OrganizationFactory(name="Acme Retail", slug="acme")


@pytest.fixture
def admin(organization: Organization) -> Employee:
    return employee_with_login(
        organization=organization,
        first_name="Ada",
        last_name="Admin",
        email="ada@acme.example",
        level=7,
        role=Role.ADMIN,
    )


@pytest.fixture
def coordinator(organization: Organization) -> Employee:
    return employee_with_login(
        organization=organization,
        first_name="Cora",
        last_name="Ordinator",
        email="cora@acme.example",
        level=6,
        role=Role.COORDINATOR,
    )


@pytest.fixture
def mentor(organization: Organization) -> Employee:
    """A junior who teaches (reverse mentoring)."""
    return employee_with_login(
        organization=organization,
        first_name="Maya",
        last_name="Junior",
        email="maya@acme.example",
        level=2,
        birth_year=1999,
    )


@pytest.fixture
def mentee(organization: Organization) -> Employee:
    """A senior leader who learns."""
    return employee_with_login(
        organization=organization,
        first_name="Martin",
        last_name="Senior",
        email="martin@acme.example",
        level=9,
        birth_year=1968,
    )


@pytest.fixture
def stranger(db: None) -> Employee:
    """A coordinator of another organisation, who must see nothing of ours."""
    other = OrganizationFactory(name="Other Corp", slug="other")
    return employee_with_login(organization=other, email="sam@other.example", role=Role.COORDINATOR)


def client_for(employee: Employee) -> Client:
    client = Client()
    assert client.login(username=employee.email, password=PASSWORD)
    return client


@pytest.fixture
def coordinator_client(coordinator: Employee) -> Client:
    return client_for(coordinator)


@pytest.fixture
def mentor_client(mentor: Employee) -> Client:
    return client_for(mentor)


@pytest.fixture
def mentee_client(mentee: Employee) -> Client:
    return client_for(mentee)


# The fixtures through which a test reaches the test database.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def uses_the_database(item: pytest.Item) -> bool:
    """Whether ``item`` reaches the test database (pytest-django refuses any other test a
    query, so a test without one behaves the same on every database)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` skip, saying why, when the suite runs on SQLite. With
    ``REMENTO_TESTS_DATABASE_ONLY=1`` (`make test`'s second pass, on PostgreSQL) only the
    tests that use the database run: the others (the matching engine, the command line in a
    fresh Python, templates, headers) ran in the first pass, and would run the same again."""
    from django.db import connection

    if os.environ.get("REMENTO_TESTS_DATABASE_ONLY") == "1":
        other = [item for item in items if not uses_the_database(item)]
        if other:
            config.hook.pytest_deselected(items=other)
            items[:] = [item for item in items if uses_the_database(item)]
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
