from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "remento.relationships"
    label = "relationships"

    def ready(self) -> None:
        # long-function: the app's wiring, one line per hook it registers
        from remento.core.next_steps import register_home_source, register_participation_check
        from remento.enrollment.hooks import register_open_pairs
        from remento.people.confidential import (
            register_confidential_audit,
            register_confidential_partners,
        )
        from remento.people.lifecycle import (
            people_leaving,
            people_leaving_preview,
            person_erasing,
            person_exporting,
        )
        from remento.people.partners import register_partner_rule
        from remento.people.sort_names import register_sort_name_copy
        from remento.programs import hooks
        from remento.programs.lifecycle import register_guards
        from remento.programs.models import Status
        from remento.relationships import (
            agreement_changes,
            confidential_audit,
            next_steps,
            participation,
            partners,
            personal_data,
            receivers,
        )
        from remento.relationships.checkins import wiring as checkins_wiring
        from remento.relationships.health import next_steps as health_steps
        from remento.relationships.health import signals as health_signals
        from remento.relationships.meetings import next_steps as meeting_steps
        from remento.relationships.meetings import personal_data as meeting_data
        from remento.relationships.models import Pair
        from remento.relationships.notes import next_steps as notes_steps
        from remento.relationships.notes import personal_data as notes_data
        from remento.relationships.safety import wiring as safety_wiring
        from remento.training.hooks import register_training_participants

        register_sort_name_copy(
            "pairs", model=Pair, person_field="mentee", copy_field="mentee_sort_name"
        )
        people_leaving.connect(personal_data.close_pairs_of_leavers, dispatch_uid="pairs_leaving")
        people_leaving_preview.connect(
            personal_data.pairs_of_leavers_preview, dispatch_uid="pairs_leaving_preview"
        )
        person_exporting.connect(personal_data.export_pairs, dispatch_uid="pairs_export")
        person_exporting.connect(meeting_data.export_meetings, dispatch_uid="meetings_export")
        person_exporting.connect(notes_data.export_workspace, dispatch_uid="workspace_export")
        person_erasing.connect(notes_data.erase_private_notes, dispatch_uid="private_notes_erase")
        person_erasing.connect(
            personal_data.forget_partners_emails, dispatch_uid="partners_emails_forget"
        )
        register_participation_check(participation.takes_part)
        register_home_source("relationships", next_steps.pairs_home, participants_only=True)
        register_home_source(
            "relationships.meetings", meeting_steps.meetings_home, participants_only=True
        )
        register_home_source(
            "relationships.notes", notes_steps.action_items_home, participants_only=True
        )
        register_home_source("relationships.health", health_steps.health_home)
        checkins_wiring.connect()
        health_signals.connect()
        safety_wiring.connect()
        register_partner_rule("pairs", partners.pair_partners)
        register_confidential_audit("pairs", confidential_audit.hidden_from_partner)
        register_confidential_partners("pairs", partners.pair_partners)
        register_guards(Status.MATCHING, "pairs", receivers.matching_guards)
        hooks.register_unpaired_count("pairs", receivers.unpaired_enrolled)
        hooks.program_closing.connect(receivers.close_pairs, dispatch_uid="pairs_program_closing")
        hooks.register_closing_preview("pairs", receivers.closing_preview)
        hooks.register_program_count("pairs_open", receivers.open_pairs)
        hooks.register_participant_rule("pairs", receivers.takes_part)
        hooks.register_about_source("pairs", receivers.about_pair)
        hooks.register_agreement_signers(
            "pairs",
            asked_again=agreement_changes.signers_asked_again,
            notify=agreement_changes.signers_notify,
        )
        register_open_pairs(receivers.open_pairs_of)
        register_training_participants(
            "pairs",
            participant_ids=receivers.training_participant_ids,
            programs_of=receivers.training_programs_of,
        )
