from django.contrib import admin

from itaku.core.admin import ReadOnlyAdmin

from .models import Obligation, ReminderDigest


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyAdmin):
    list_display = ["due_on", "title", "clause_id", "contract", "side", "role", "assignee", "state"]
    list_filter = ["state", "side", "role", "clause_id"]
    search_fields = ["title", "contract__title"]
    list_select_related = ["contract", "assignee"]


@admin.register(ReminderDigest)
class ReminderDigestAdmin(ReadOnlyAdmin):
    list_display = ["sent_on", "user"]
    list_select_related = ["user"]
