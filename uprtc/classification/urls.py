from django.urls import path

from uprtc.classification import views

urlpatterns = [path("review/", views.review, name="classification-review")]
