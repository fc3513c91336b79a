from django.contrib import admin

from uprtc.core import audit
from uprtc.countries.models import Country, CountryAlias, Region
from uprtc.countries.names import normalize


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = (
        "iso3",
        "name_en",
        "regional_group",
        "un_member",
        "ldc",
        "lldc",
        "sids",
    )
    list_filter = ("regional_group", "un_member", "ldc", "lldc", "sids", "region")
    search_fields = ("iso3", "iso2", "name_en", "name_fr", "name_es")


@admin.register(CountryAlias)
class CountryAliasAdmin(admin.ModelAdmin):
    list_display = ("alias", "country", "source")
    search_fields = ("alias", "country__name_en")
    autocomplete_fields = ("country",)
    exclude = ("key",)

    def save_model(self, request, obj, form, change):
        obj.key = normalize(obj.alias)
        super().save_model(request, obj, form, change)
        audit.record(
            "countries.alias.saved",
            actor=request.user,
            obj=obj,
            after={"alias": obj.alias, "country": obj.country_id},
        )


admin.site.register(Region)
