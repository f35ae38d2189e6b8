from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "remento.relationships"
    label = "relationships"

    def ready(self) -> None:
        from remento.core.next_steps import register_home_source
        from remento.people.lifecycle import people_leaving, person_exporting
        from remento.people.partners import register_partner_rule
        from remento.relationships import next_steps, partners, personal_data

        people_leaving.connect(personal_data.close_pairs_of_leavers, dispatch_uid="pairs_leaving")
        person_exporting.connect(personal_data.export_pairs, dispatch_uid="pairs_export")
        register_home_source("relationships", next_steps.pairs_home)
        register_partner_rule("pairs", partners.pair_partners)
