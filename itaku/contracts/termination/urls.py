"""The termination pages, under contracts/<contract_pk>/ (included by the contracts app's urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:contract_pk>/termination/new/", views.termination_create, name="termination-create"),
    path("<int:contract_pk>/termination/settle/", views.termination_settle, name="termination-settle"),
    path("<int:contract_pk>/termination/evidence/<int:pk>/", views.termination_evidence,
         name="termination-evidence"),
    path("<int:contract_pk>/force-majeure/new/", views.force_majeure_create, name="force-majeure-create"),
    path("<int:contract_pk>/force-majeure/<int:pk>/investigate/", views.force_majeure_investigate,
         name="force-majeure-investigate"),
    path("<int:contract_pk>/force-majeure/<int:pk>/decide/", views.force_majeure_decide,
         name="force-majeure-decide"),
    path("<int:contract_pk>/force-majeure/documents/<int:pk>/", views.force_majeure_document,
         name="force-majeure-document"),
    path("<int:contract_pk>/damages/new/", views.damage_create, name="damage-create"),
]
