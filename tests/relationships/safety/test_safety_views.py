"""The confidential request pages, role by role: the asker, the partner, a coordinator, an
admin, a coordinator who is the partner, and another organisation. Whoever may not read a
request gets a 404 and sees no trace of it anywhere (pages, home, export, audit)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.people.models import Employee, Role
from remento.people.services.personal_export import personal_data_export
from remento.relationships.models import Pair, PairStatus
from remento.relationships.safety.models import SafetyReason, SafetyRequest, SafetyStatus
from remento.relationships.safety.selectors import open_safety_requests, program_safety_requests
from tests.conftest import client_for
from tests.factories import make_pair, user_of
from tests.relationships.safety.test_safety_services import SECRET, ask

REASON = SafetyReason.UNCOMFORTABLE.label


def _detail(request: SafetyRequest) -> str:
    return reverse("relationships:safety_request", kwargs={"request_pk": request.pk})


def _list(pair: Pair) -> str:
    return reverse("relationships:program_safety_requests", kwargs={"program_pk": pair.program_id})


@pytest.fixture
def asked(active_pair: Pair) -> SafetyRequest:
    return ask(active_pair, active_pair.mentee)


def test_the_asker_asks_from_the_pair_page(active_pair: Pair, mentee_client: Client) -> None:
    pair_page = mentee_client.get(
        reverse("relationships:pair_detail", kwargs={"pair_pk": active_pair.pk})
    ).content.decode()
    url = reverse("relationships:safety_request_new", kwargs={"pair_pk": active_pair.pk})
    assert url in pair_page
    assert "Your partner is not told" in mentee_client.get(url).content.decode()
    response = mentee_client.post(
        url, {"wish": "end", "reason": "uncomfortable", "details": SECRET}
    )
    request = SafetyRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(request)
    page = mentee_client.get(_detail(request)).content.decode()
    assert SECRET in page
    assert "Waiting for a coordinator" in page


def test_a_bad_request_says_which_field(active_pair: Pair, mentee_client: Client) -> None:
    url = reverse("relationships:safety_request_new", kwargs={"pair_pk": active_pair.pk})
    response = mentee_client.post(url, {"wish": "end", "reason": "other", "details": ""})
    assert response.status_code == 400
    assert "Say in a few words" in response.content.decode()
    assert not SafetyRequest.objects.exists()


def test_the_partner_sees_no_trace_anywhere(
    active_pair: Pair,
    asked: SafetyRequest,
    mentor_client: Client,
    admin: Employee,
) -> None:
    partner = active_pair.mentor
    assert mentor_client.get(_detail(asked)).status_code == 404
    assert mentor_client.get(_list(active_pair)).status_code == 403
    pages = [
        reverse("relationships:pair_detail", kwargs={"pair_pk": active_pair.pk}),
        reverse("relationships:my_pairs"),
        reverse("home"),
    ]
    for url in pages:
        page = mentor_client.get(url).content.decode()
        for secret in (SECRET, REASON, "confidential request", _detail(asked)):
            assert secret not in page, (url, secret)
    own = mentor_client.get(reverse("relationships:my_safety_requests")).content.decode()
    assert "You have sent no request" in own
    assert SECRET not in own
    assert _detail(asked) not in own
    exported = personal_data_export(actor=user_of(admin), employee=partner).as_json()
    assert exported["safety_requests"] == []
    export = json.dumps(exported, default=str)
    assert SECRET not in export
    assert "safety_request." not in export  # no audit event of the request either
    about_partner = AuditEvent.objects.filter(actor=partner.user) | AuditEvent.objects.filter(
        target_type="people.employee", target_id=str(partner.pk)
    )
    assert not about_partner.filter(verb__startswith="safety").exists()


def test_the_asker_s_own_export_holds_their_request(
    active_pair: Pair, asked: SafetyRequest, admin: Employee
) -> None:
    export = personal_data_export(actor=user_of(admin), employee=active_pair.mentee).as_json()
    [row] = export["safety_requests"]
    assert row["their_words"] == SECRET


def test_coordinators_and_admins_read_and_act(
    active_pair: Pair,
    asked: SafetyRequest,
    coordinator_client: Client,
    admin: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    for client in (coordinator_client, client_for(admin)):
        listing = client.get(_list(active_pair)).content.decode()
        assert _detail(asked) in listing
        page = client.get(_detail(asked)).content.decode()
        assert SECRET in page
        assert REASON in page
        pair_page = client.get(
            reverse("relationships:pair_detail", kwargs={"pair_pk": active_pair.pk})
        ).content.decode()
        assert _detail(asked) in pair_page
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("relationships:safety_request_reply", kwargs={"request_pk": asked.pk}),
            {"text": "Let us talk on Tuesday."},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[active_pair.mentee.email]]
    asker = client_for(active_pair.mentee)
    asker_page = asker.get(_detail(asked)).content.decode()
    assert "Let us talk on Tuesday." in asker_page
    add = reverse("relationships:safety_request_add", kwargs={"request_pk": asked.pk})
    assert asker.post(add, {"text": "Tuesday works."}).status_code == 302
    assert client_for(active_pair.mentor).post(add, {"text": "x"}).status_code == 404
    assert "Tuesday works." in coordinator_client.get(_detail(asked)).content.decode()
    response = coordinator_client.post(
        reverse("relationships:safety_pair_close", kwargs={"request_pk": asked.pk}),
        {"message": "Thank you both for your time."},
    )
    assert response.status_code == 302
    active_pair.refresh_from_db()
    assert active_pair.status == PairStatus.CLOSED
    page = coordinator_client.get(_detail(asked)).content.decode()
    assert (
        reverse(
            "matching:rematch",
            kwargs={"program_pk": active_pair.program_id, "pair_pk": active_pair.pk},
        )
        in page
    )


def test_participants_cannot_act_on_a_request(
    active_pair: Pair, asked: SafetyRequest, mentee_client: Client
) -> None:
    for name in ("safety_request_reply", "safety_request_resolve", "safety_pair_close"):
        url = reverse(f"relationships:{name}", kwargs={"request_pk": asked.pk})
        assert mentee_client.post(url, {"text": "x", "message": "x"}).status_code == 403
    asked.refresh_from_db()
    assert asked.status == SafetyStatus.OPEN


def test_a_coordinator_who_is_the_partner_sees_nothing(
    active_pair: Pair, asked: SafetyRequest
) -> None:
    partner = active_pair.mentor
    Employee.objects.filter(pk=partner.pk).update(role=Role.COORDINATOR)
    client = client_for(partner)
    assert client.get(_detail(asked)).status_code == 404
    assert _detail(asked) not in client.get(_list(active_pair)).content.decode()
    for url in (
        reverse("relationships:pair_detail", kwargs={"pair_pk": active_pair.pk}),
        reverse("home"),
    ):
        page = client.get(url).content.decode()
        assert SECRET not in page
        assert "confidential request" not in page.lower()
    url = reverse("relationships:safety_request_reply", kwargs={"request_pk": asked.pk})
    assert client.post(url, {"text": "x"}).status_code == 404


def test_another_organisation_gets_404(
    active_pair: Pair, asked: SafetyRequest, stranger: Employee
) -> None:
    client = client_for(stranger)
    assert client.get(_detail(asked)).status_code == 404
    assert client.get(_list(active_pair)).status_code == 404
    new = reverse("relationships:safety_request_new", kwargs={"pair_pk": active_pair.pk})
    assert client.get(new).status_code == 404
    url = reverse("relationships:safety_pair_close", kwargs={"request_pk": asked.pk})
    assert client.post(url, {"message": "x"}).status_code == 404


def test_a_participant_of_another_pair_gets_404(
    active_pair: Pair, asked: SafetyRequest, organization: Any
) -> None:
    from tests.factories import EmployeeFactory, employee_with_login

    other = employee_with_login(organization=organization, email="o@acme.example", level=2)
    make_pair(
        active_pair.program, other, EmployeeFactory.create(organization=organization, level=9)
    )
    client = client_for(other)
    assert client.get(_detail(asked)).status_code == 404
    new = reverse("relationships:safety_request_new", kwargs={"pair_pk": active_pair.pk})
    assert client.get(new).status_code == 404


def test_the_coordinator_s_home_counts_waiting_requests(
    asked: SafetyRequest, coordinator_client: Client
) -> None:
    page = coordinator_client.get(reverse("home")).content.decode()
    assert "1 confidential request waiting" in page
    assert SECRET not in page


@pytest.mark.parametrize("count", [1, 4])
def test_the_list_and_the_health_counts_do_not_grow_with_requests(
    active_pair: Pair,
    coordinator: Employee,
    organization: Any,
    django_assert_num_queries: Any,
    count: int,
) -> None:
    from tests.factories import EmployeeFactory

    pairs = [active_pair]
    for _n in range(count - 1):
        pair = make_pair(
            active_pair.program,
            EmployeeFactory.create(organization=organization, level=2),
            EmployeeFactory.create(organization=organization, level=9),
            status=PairStatus.ACTIVE,
        )
        pairs.append(pair)
    for pair in pairs:
        SafetyRequest.objects.create(
            pair=pair, asked_by=pair.mentee, wish="end", reason="fit", details=f"n{pair.pk}"
        )
    with django_assert_num_queries(1):
        assert (
            len(program_safety_requests(viewer=coordinator, program=active_pair.program)) == count
        )
    with django_assert_num_queries(1):
        counts = open_safety_requests(pairs=pairs)
    assert counts == {pair.pk: 1 for pair in pairs}
