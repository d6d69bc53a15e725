"""The admins define what the desk sells: packages and membership plans. What clients hold
is changed only by sales and checkouts (sessions.billing.sales and services)."""

from django.contrib import admin

from .models import MembershipPlan, PackageProduct


@admin.register(PackageProduct)
class PackageProductAdmin(admin.ModelAdmin):
    list_display = ["name", "service", "sessions", "price", "tax_rate", "valid_days", "active"]
    list_filter = ["active"]
    list_select_related = ["service"]


@admin.register(MembershipPlan)
class MembershipPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "monthly_credit", "price", "tax_rate", "active"]
    list_filter = ["active"]
