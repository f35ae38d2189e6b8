from django.contrib import admin

from remento.matching.models import MatchRun, MentorRequest, ProposedPair, Unmatched


class ProposedPairInline(admin.TabularInline):
    model = ProposedPair
    extra = 0
    fields = ["mentor", "mentee", "score", "locked", "removed", "pair"]
    raw_id_fields = ["mentor", "mentee", "pair"]


class UnmatchedInline(admin.TabularInline):
    model = Unmatched
    extra = 0
    raw_id_fields = ["employee"]


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "program", "status", "created_at", "published_at"]
    list_filter = ["status"]
    raw_id_fields = ["program"]
    inlines = [ProposedPairInline, UnmatchedInline]


@admin.register(MentorRequest)
class MentorRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "program", "mentee", "mentor", "status", "rank", "expires_at"]
    list_filter = ["status"]
    raw_id_fields = ["program", "mentee", "mentor", "pair"]
