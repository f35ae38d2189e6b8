from django.urls import path

from remento.programs.views import charter, lifecycle, participant, programs, setup, skill_gaps

app_name = "programs"

urlpatterns = [
    path("", programs.program_list, name="list"),
    path("new/", setup.program_create, name="create"),
    path("skill-gaps/", skill_gaps.skill_gaps, name="skill_gaps"),
    path("<int:program_pk>/", programs.program_detail, name="detail"),
    path("<int:program_pk>/edit/", programs.program_edit, name="edit"),
    path("<int:program_pk>/setup/<slug:step>/", setup.program_setup, name="setup"),
    path("<int:program_pk>/about/", participant.program_about, name="about"),
    path(
        "<int:program_pk>/transition/<slug:to>/",
        lifecycle.program_transition,
        name="transition",
    ),
    path(
        "<int:program_pk>/skill-gaps/",
        skill_gaps.program_skill_gaps_view,
        name="program_skill_gaps",
    ),
    path("<int:program_pk>/charter/", charter.program_charter, name="charter"),
    path("<int:program_pk>/charter.pdf", charter.program_charter_pdf, name="charter_pdf"),
]
