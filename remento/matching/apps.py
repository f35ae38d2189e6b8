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
        from remento.programs.hooks import program_closing

        register_home_source("matching", next_steps.matching_home, participants_only=True)
        register_home_source("matching-runs", next_steps.runs_to_review_home)
        register_nav_source("requests", next_steps.requests_nav)
        register_partner_rule("requests", partners.request_partners)
        register_partner_rule("choosing", partners.mentors_to_choose_from)
        program_closing.connect(
            receivers.close_requests_of_program, dispatch_uid="matching.program_closing"
        )
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
