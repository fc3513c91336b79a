from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from uprtc.actors.models import (
    ApiToken,
    Membership,
    Organization,
    User,
    mark_email_verified,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    readonly_fields = ("organization", "role", "status", "decided_by", "decided_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Roles are granted through the membership workflow, which audits them.
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name", "preferred_language")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "password1", "password2")}),)
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # the operator vouches for the address they typed
            mark_email_verified(obj)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "org_type", "country", "vetting", "public_anonymous")
    list_filter = ("org_type", "vetting", "public_anonymous")
    search_fields = ("name",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "prefix",
        "user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    readonly_fields = ("user", "prefix", "created_at", "last_used_at", "expires_at")
    exclude = ("key_hash",)
