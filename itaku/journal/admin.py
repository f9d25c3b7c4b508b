from django.contrib import admin

from itaku.core.admin import ReadOnlyAdmin

from .models import Event


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """The journal is append-only: nobody adds, changes or deletes events here."""

    list_display = ["seq", "at", "actor_name", "contract", "clause_id", "action"]
    list_filter = ["action", "clause_id"]
    list_select_related = ["contract"]
    search_fields = ["action", "object_id"]
