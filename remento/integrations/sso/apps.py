from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "remento.integrations.sso"
    label = "sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        # Core's sign-in page and password reset ask this app through hooks (core sits below
        # the integrations and never imports them).
        from remento.core.signin import password_check_register, sign_in_option_register
        from remento.integrations.sso.policy import sso_only_refusal

        password_check_register(sso_only_refusal)
        sign_in_option_register("Sign in with your company account", "sso:start")
