from django.contrib import admin

from itaku.core.admin import ReadOnlyAdmin

from .models import Contract, ContractTemplate, TemplateClause


@admin.register(ContractTemplate)
class ContractTemplateAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]


@admin.register(TemplateClause)
class TemplateClauseAdmin(ReadOnlyAdmin):
    list_display = ["clause_id", "heading", "template", "level"]
    list_filter = ["template", "part", "level"]
    search_fields = ["clause_id", "text"]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["title", "client", "contractor", "signed_on", "ends_on", "amount", "state"]
    list_filter = ["state", "fiscal_year"]
    list_select_related = ["client", "contractor"]
    search_fields = ["title"]
