"""The pages of completion, inspection, invoice, payment, penalty, close and K-17, under
contracts/<contract_pk>/ (included by the contracts app's urls)."""

from django.urls import path

from . import views

urlpatterns = [
    # K-11, K-12, K-13, K-17: one page per action (completion, rework, inspection, invoice, payment, …)
    *[path(f"<int:contract_pk>/lifecycle/{key}/", views.lifecycle_action, {"action": key},
           name=f"lifecycle-{key}") for key in views.ACTIONS],
    path("<int:contract_pk>/deliverables/<int:pk>/", views.deliverable_download, name="deliverable"),
    path("<int:contract_pk>/sheets/<str:what>/<int:pk>.pdf", views.calculation_sheet, name="calculation-sheet"),
]
