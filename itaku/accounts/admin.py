from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from itaku.core.admin import ReadOnlyAdmin

from .models import Membership, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "representative_title", "representative_name", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name", "address"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "organisation", "is_active", "is_staff"]
    list_filter = ["organisation", "is_active", "is_staff", "groups"]
    list_select_related = ["organisation"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("組織"), {"fields": ["organisation", "display_name", "job_title"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("組織"), {"fields": ["organisation", "display_name"]}),)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Read-only: memberships change through the services, which journal every change."""

    list_display = ["contract", "user", "role"]
    list_filter = ["role"]
    list_select_related = ["contract", "user"]
