from django.urls import path

from remento.outcomes.assessments import views

urlpatterns = [
    path(
        "assessments/<int:assessment_pk>/",
        views.assessment_answer_view,
        name="assessment_answer",
    ),
    path(
        "programs/<int:program_pk>/assessments/",
        views.program_assessments_view,
        name="program_assessments",
    ),
    path(
        "pairs/<int:pair_pk>/assessments/",
        views.pair_assessments_view,
        name="pair_assessments",
    ),
]
