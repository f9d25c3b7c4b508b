from django.urls import path

from . import views

app_name = "personnel"
C = "contracts/<int:contract_pk>/personnel"
urlpatterns = [
    path(f"{C}/reports/new/", views.report_new, name="report_new"),
    path(f"{C}/versions/<int:pk>/", views.version_detail, name="version"),
    path(f"{C}/versions/<int:pk>/entries/", views.entry_add, name="entry_add"),
    path(f"{C}/versions/<int:pk>/entries/<int:entry_pk>/remove/", views.entry_remove, name="entry_remove"),
    path(f"{C}/versions/<int:pk>/submit/", views.version_submit, name="submit"),
    path(f"{C}/versions/<int:pk>/decide/", views.version_decide, name="decide"),
    path(f"{C}/versions/<int:pk>/fp.<str:fmt>", views.version_document, name="document"),
    path(f"{C}/briefing/", views.briefing, name="briefing"),
    path(f"{C}/pledge/", views.pledge, name="pledge"),
    path(f"{C}/dispatch/", views.dispatch, name="dispatch"),
    path(f"{C}/training/new/", views.training_new, name="training_new"),
]
