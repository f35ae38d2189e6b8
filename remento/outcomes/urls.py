from django.urls import include, path

app_name = "outcomes"

urlpatterns = [
    path("", include("remento.outcomes.assessments.urls")),
    path("", include("remento.outcomes.dashboards.urls")),
    path("", include("remento.outcomes.reports.urls")),
    path("", include("remento.outcomes.certificates.urls")),
    path("", include("remento.outcomes.exports.urls")),
]
