from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "remento.matching"
    label = "matching"

    def ready(self) -> None:
        from remento.core.next_steps import register_home_source, register_nav_source
        from remento.matching import next_steps, partners
        from remento.people.partners import register_partner_rule

        register_home_source("matching", next_steps.matching_home)
        register_home_source("matching-runs", next_steps.runs_to_review_home)
        register_nav_source("requests", next_steps.requests_nav)
        register_partner_rule("requests", partners.request_partners)
        register_partner_rule("choosing", partners.mentors_to_choose_from)
