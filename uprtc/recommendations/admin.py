from django.contrib import admin

from uprtc.recommendations.models import Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    """Recommendations are imported, never typed: the admin only reads them."""

    list_display = ("__str__", "cycle", "session", "response", "source")
    list_filter = ("cycle", "response", "source")
    search_fields = ("text", "paragraph", "state_under_review__name_en")
    raw_id_fields = ("state_under_review",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
