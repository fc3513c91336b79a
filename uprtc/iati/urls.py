from django.urls import path

from uprtc.iati import views

urlpatterns = [
    path("import/", views.import_file, name="iati-import"),
    path("activities/<int:pk>/states/", views.choose_states, name="iati-states"),
]
