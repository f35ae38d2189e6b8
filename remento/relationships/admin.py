from django.contrib import admin
from django.http import HttpRequest

from remento.relationships.models import AgreementSignature, Pair


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["program", "mentor", "mentee", "status", "source", "started_at", "ended_at"]
    list_filter = ["status", "source"]
    list_select_related = ["program", "mentor", "mentee"]
    search_fields = ["mentor__last_name", "mentee__last_name", "program__name"]
    raw_id_fields = ["mentor", "mentee", "program", "created_by"]
    # Why a pair ended is between its two people (``relationships.confidential``): an
    # organisation admin reads it only through the audited confidential view, and the
    # Django admin, for the people who run the site, never shows it.
    exclude = ["end_reason"]


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(admin.ModelAdmin):
    """Read-only: a signature is evidence of what was signed, never edited. The text signed
    holds the pair's goals, which are between its two people: the admin shows its hash."""

    list_display = ["pair", "employee", "signed_at", "text_sha256"]
    exclude = ["text"]
    readonly_fields = [f.name for f in AgreementSignature._meta.fields if f.name != "text"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AgreementSignature | None = None
    ) -> bool:
        return False
