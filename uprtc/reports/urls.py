from django.urls import path

from uprtc.reports import views

urlpatterns = [
    path("", views.index, name="reports-index"),
    path("<id:pk>/", views.run_detail, name="reports-run"),
    path("<id:pk>/file.<str:fmt>", views.run_file, name="reports-file"),
    path("state/", views.state_home, name="reports-state-home"),
    path("state/<str:iso3>/", views.state_page, name="reports-state"),
    path(
        "state/<str:iso3>/file.<str:fmt>",
        views.state_file,
        name="reports-state-file",
    ),
]
