from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "remento.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from remento.core.signin import account_provider_register
        from remento.people.models import Employee
        from remento.people.provisioning import sign_in_on_request
        from remento.people.signin_guard import delete_orphan_sign_in

        post_delete.connect(
            delete_orphan_sign_in, sender=Employee, dispatch_uid="employee_orphan_sign_in"
        )
        account_provider_register(sign_in_on_request)
