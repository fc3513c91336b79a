from django.contrib import admin

from uprtc.taxonomies.models import (
    AffectedPerson,
    CodelistItem,
    SdgGoal,
    SdgTarget,
    Theme,
    ThemeAlias,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name_en", "slug", "group")
    list_filter = ("group",)
    search_fields = ("name_en", "slug")


@admin.register(ThemeAlias)
class ThemeAliasAdmin(admin.ModelAdmin):
    list_display = ("label", "generation")
    list_filter = ("generation",)
    filter_horizontal = ("themes",)


@admin.register(CodelistItem)
class CodelistItemAdmin(admin.ModelAdmin):
    list_display = ("codelist", "code", "name_en", "withdrawn")
    list_filter = ("codelist", "withdrawn")
    search_fields = ("code", "name_en")


admin.site.register([SdgGoal, SdgTarget, AffectedPerson])
