"""Mounted by the project at /api/ (`path("api/", include("ntm.api.urls"))`)."""

from django.urls import path

from .api import api

urlpatterns = [path("", api.urls)]
