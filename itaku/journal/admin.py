from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The journal is append-only: nobody adds, changes or deletes events here."""

    list_display = ["seq", "at", "actor_name", "contract", "clause_id", "action"]
    list_filter = ["action", "clause_id"]
    list_select_related = ["contract"]
    search_fields = ["action", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
