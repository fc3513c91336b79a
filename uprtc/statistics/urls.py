from django.urls import path

from uprtc.statistics import views

urlpatterns = [
    path("", views.index, name="statistics-index"),
    path("<slug:name>.csv", views.chart_csv, name="statistics-csv"),
    path("<slug:name>.png", views.chart_png, name="statistics-png"),
]
