from django.urls import path  # noqa: F401

urlpatterns: list = []  # pages of this app, mounted at /<lang>/opendata/
