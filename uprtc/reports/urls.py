from django.urls import path

from uprtc.reports import views

urlpatterns = [
    path("", views.index, name="reports-index"),
    path("<id:pk>/", views.run_detail, name="reports-run"),
    path("<id:pk>/file.<str:fmt>", views.run_file, name="reports-file"),
]
