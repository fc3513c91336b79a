from __future__ import annotations

from django.contrib import admin

from uprtc.iati.models import HarvestRun, IatiRecord, IatiSource


class HarvestRunInline(admin.TabularInline):
    model = HarvestRun
    extra = 0
    can_delete = False
    readonly_fields = (
        "started_at",
        "finished_at",
        "outcome",
        "http_status",
        "size",
        "summary",
        "error",
    )
    max_num = 0  # records, not edited


@admin.register(IatiSource)
class IatiSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "location", "enabled", "last_run_at")
    list_filter = ("enabled",)
    search_fields = ("name", "location")
    readonly_fields = ("last_run_at", "etag", "last_modified", "last_summary")
    inlines = [HarvestRunInline]


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ("source", "started_at", "outcome", "http_status", "size")
    list_filter = ("outcome", "source")
    readonly_fields = [f.name for f in HarvestRun._meta.fields]


@admin.register(IatiRecord)
class IatiRecordAdmin(admin.ModelAdmin):
    list_display = (
        "activity",
        "publisher_ref",
        "last_harvested_at",
        "changed_since_last",
        "states_needed",
    )
    list_filter = ("changed_since_last", "states_needed", "source")
    search_fields = ("publisher_ref", "file_name", "activity__iati_identifier")
    readonly_fields = [f.name for f in IatiRecord._meta.fields]
