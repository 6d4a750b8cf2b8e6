from django.contrib import admin

from .models import Producer, Product, Rating


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "is_demo"]
    raw_id_fields = ["unit"]
    search_fields = ["name"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "producer", "is_demo"]
    search_fields = ["name"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["product", "stars", "total", "certified_on", "expires_on", "kind"]
    readonly_fields = ["total", "stars", "expires_on"]

    def has_change_permission(self, request, obj=None):
        return False  # ratings are recorded through ntm.ocop.services so that stars and expiry are computed

    def has_add_permission(self, request):
        return False
