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


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(admin.ModelAdmin):
    """Read-only: a signature is evidence of what was signed, never edited."""

    list_display = ["pair", "employee", "signed_at", "text_sha256"]
    readonly_fields = [f.name for f in AgreementSignature._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AgreementSignature | None = None
    ) -> bool:
        return False
