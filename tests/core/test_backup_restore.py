"""`remento backup` / `remento restore`: a round trip brings back every table exactly, on
SQLite and on PostgreSQL, with the uploaded files; a restore refuses to replace data unless
forced. The tests commit (``transactional_db``): pg_dump and pg_restore are other processes."""

from __future__ import annotations

import hashlib
import json
import stat
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from remento.core.backup.tables import table_names
from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.people.models import Employee, Role
from remento.programs.models import Program
from tests.factories import OrganizationFactory, employee_with_login
from tests.relationships.builders import enroll, make_module, make_pair, make_program


def table_fingerprints() -> dict[str, tuple[int, str]]:
    """Every table of the database: its row count and a checksum of all its rows."""
    fingerprints = {}
    with connection.cursor() as cursor:
        for name in table_names(connection):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            fingerprints[name] = (len(rows), digest)
    return fingerprints


def build_data() -> Program:
    organization = OrganizationFactory(name="Acme Retail", slug="acme")
    people = {
        role: employee_with_login(
            organization=organization, email=f"{role}@acme.example", role=role
        )
        for role in (Role.ADMIN, Role.COORDINATOR)
    }
    mentor = employee_with_login(organization=organization, email="maya@acme.example", level=2)
    mentee = employee_with_login(organization=organization, email="martin@acme.example", level=9)
    program = make_program(organization, created_by=people[Role.COORDINATOR].user)
    make_pair(program, mentor, mentee)
    make_module(program)
    spare = employee_with_login(organization=organization, email="sam@acme.example", level=3)
    enroll(program, spare, EnrollmentRole.MENTOR)
    return program


def change_everything(program: Program) -> None:
    """What happens after a backup: rows edited, deleted and added."""
    Employee.objects.filter(email="maya@acme.example").update(first_name="Changed")
    program.pairs.all().delete()
    program.enrollments.filter(employee__email="sam@acme.example").delete()
    OrganizationFactory(name="Made later", slug="later")


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "imports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "people.csv").write_text("employee_id\nNW1\n")
    return Path(settings.MEDIA_ROOT)


def round_trip(tmp_path: Path, media: Path) -> None:
    program = build_data()
    before = table_fingerprints()
    archive = tmp_path / "backup.tar"

    call_command("backup", str(archive))

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    change_everything(program)
    (media / "imports" / "people.csv").write_text("overwritten")
    (media / "later.txt").write_text("made after the backup")
    assert table_fingerprints() != before

    call_command("restore", str(archive), "--force")

    assert table_fingerprints() == before
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == [
        "imports/people.csv"
    ]
    assert (media / "imports" / "people.csv").read_text() == "employee_id\nNW1\n"
    # The restored database is a working one: the ORM reads it and sequences go on.
    assert Organization.objects.filter(slug="later").count() == 0
    assert OrganizationFactory(slug="after-restore").pk > program.organization.pk


def test_round_trip_restores_every_table_and_the_uploaded_files_on_sqlite(
    transactional_db: None, tmp_path: Path, media: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("this run uses PostgreSQL; the PostgreSQL round trip covers it")
    round_trip(tmp_path, media)


@pytest.mark.postgres
def test_round_trip_restores_every_table_and_the_uploaded_files_on_postgresql(
    transactional_db: None, tmp_path: Path, media: Path
) -> None:
    round_trip(tmp_path, media)


def test_restore_refuses_to_replace_data_without_force(
    transactional_db: None, tmp_path: Path, media: Path
) -> None:
    program = build_data()
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive))
    change_everything(program)
    changed = table_fingerprints()

    with pytest.raises(CommandError, match=r"Nothing was restored: the database holds data"):
        call_command("restore", str(archive))

    assert table_fingerprints() == changed


def test_restore_into_an_empty_database_needs_no_force_and_says_what_it_did(
    transactional_db: None, tmp_path: Path, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    build_data()
    before = table_fingerprints()
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive))
    call_command("flush", interactive=False)

    call_command("restore", str(archive))

    assert table_fingerprints() == before
    out = capsys.readouterr().out
    assert "Restored the" in out
    assert "every count as saved" in out


def test_backup_into_a_folder_gets_a_dated_name_and_a_manifest(
    transactional_db: None, tmp_path: Path, media: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_data()

    call_command("backup", str(tmp_path))

    [archive] = tmp_path.glob("remento-*.tar")
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        assert "media/imports/people.csv" in tar.getnames()
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["people_employee"] == 5
    assert manifest["media_files"] == 1
    call_command("restore", str(archive), "--check")
    assert "people_employee: 5" in capsys.readouterr().out


def test_backup_refuses_to_overwrite_an_existing_file(db: None, tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar"
    archive.write_text("an older backup")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive))

    assert archive.read_text() == "an older backup"


def test_restore_refuses_a_file_that_is_not_a_backup(db: None, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.tar"
    bogus.write_text("not a tar file")

    with pytest.raises(CommandError, match="is not a Remento backup"):
        call_command("restore", str(bogus), "--force")


def test_restore_refuses_a_backup_of_the_other_engine(db: None, tmp_path: Path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"format": 1, "engine": other, "created_at": "x", "tables": {}}))
    database = tmp_path / {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[other]
    database.write_text("")
    archive = tmp_path / "backup.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(manifest, arcname="manifest.json")
        tar.add(database, arcname=database.name)

    with pytest.raises(CommandError, match="restore it into the same kind of database"):
        call_command("restore", str(archive), "--force")
