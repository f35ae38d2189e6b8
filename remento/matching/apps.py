from typing import Any

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "remento.matching"
    label = "matching"

    def ready(self) -> None:
        from remento.core.next_steps import register_home_source, register_nav_source
        from remento.enrollment.hooks import participant_withdrawn
        from remento.matching import next_steps, partners, receivers, tasks
        from remento.matching.signals import mentor_request_sent
        from remento.people.partners import register_partner_rule
        from remento.programs.hooks import program_closing, register_closing_preview

        register_home_source("matching", next_steps.matching_home, participants_only=True)
        register_home_source("matching-runs", next_steps.runs_to_review_home)
        register_nav_source("requests", next_steps.requests_nav)
        register_partner_rule("requests", partners.request_partners)
        register_partner_rule("choosing", partners.mentors_to_choose_from)
        program_closing.connect(
            receivers.close_requests_of_program, dispatch_uid="matching.program_closing"
        )
        register_closing_preview("requests", receivers.closing_preview)
        participant_withdrawn.connect(
            receivers.close_requests_of_leaver, dispatch_uid="matching.participant_withdrawn"
        )
        mentor_request_sent.connect(
            tasks.schedule_request_expiry, dispatch_uid="matching.schedule_request_expiry"
        )
        self._connect_preview_inputs(receivers)

    def _connect_preview_inputs(self, receivers: Any) -> None:
        """The stored matching preview follows its inputs (``services.previews``)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from remento.enrollment.models import Enrollment
        from remento.programs.models import Program
        from remento.relationships.models import Pair

        post_save.connect(
            receivers.recompute_preview_of_program, sender=Program, dispatch_uid="matching.pv1"
        )
        m2m_changed.connect(
            receivers.recompute_preview_of_departments,
            sender=Program.departments.through,
            dispatch_uid="matching.pv2",
        )
        for model in (Enrollment, Pair):
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.recompute_preview_of_pool,
                    sender=model,
                    dispatch_uid=f"matching.pv.{model.__name__}.{id(signal)}",
                )
        self._connect_preview_people(receivers)

    def _connect_preview_people(self, receivers: Any) -> None:
        """Before anyone enrols, a Draft or Recruiting program previews the organisation's
        eligible people: their changes are inputs too. Rows saved one at a time send model
        signals; the bulk writers (the HRIS import, leavers) send one hook each."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from remento.people.importing.hooks import people_imported
        from remento.people.lifecycle import people_leaving
        from remento.people.models import (
            Employee,
            Interest,
            SensitiveAttribute,
            Skill,
            SkillOffer,
            SkillWant,
        )

        # A person, or the taxonomy, by organisation; a profile row by its person.
        people: dict[type[Any], Any] = {
            Employee: receivers.recompute_previews_of_person,
            Skill: receivers.recompute_previews_of_person,
            Interest: receivers.recompute_previews_of_person,
            SkillOffer: receivers.recompute_previews_of_profile,
            SkillWant: receivers.recompute_previews_of_profile,
            SensitiveAttribute: receivers.recompute_previews_of_profile,
        }
        for signal in (post_save, post_delete):
            for model, receiver in people.items():
                signal.connect(
                    receiver,
                    sender=model,
                    dispatch_uid=f"matching.pv.people.{model.__name__}.{id(signal)}",
                )
        m2m_changed.connect(
            receivers.recompute_previews_of_interests,
            sender=Employee.interests.through,
            dispatch_uid="matching.pv.people.interests",
        )
        people_leaving.connect(
            receivers.recompute_previews_of_organization, dispatch_uid="matching.pv.people.leaving"
        )
        people_imported.connect(
            receivers.recompute_previews_of_organization,
            dispatch_uid="matching.pv.people.imported",
        )
