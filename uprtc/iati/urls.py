from django.urls import path

from uprtc.iati import views

urlpatterns = [path("import/", views.import_file, name="iati-import")]
