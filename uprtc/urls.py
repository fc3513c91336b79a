from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from uprtc.core import views as core_views

urlpatterns = [
    path("healthz", core_views.health, name="core-health"),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="core-home"),
    path("recommendations/", include("uprtc.recommendations.urls")),
    path("countries/", include("uprtc.countries.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
