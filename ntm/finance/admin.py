"""Read-only admin: every write goes through ntm.finance services so that it is checked and audited."""

from django.contrib import admin

from ntm.audit.admin import ReadOnlyAdmin

from .models import Budget, BudgetLine, Contribution, Disbursement, Work


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "kind", "year_from", "year_to", "total", "is_demo"]
    list_filter = ["kind", "is_demo"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["budget", "source", "amount"]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ["line", "unit", "date", "amount"]


@admin.register(Work)
class WorkAdmin(ReadOnlyAdmin):
    list_display = ["name", "location", "status", "special_mechanism", "total_cost", "progress"]
    list_filter = ["status", "special_mechanism"]
    search_fields = ["name"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["unit", "period_start", "period_end", "contributor", "cash", "land_m2", "labour_days"]
