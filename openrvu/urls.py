"""URL map: pages, the JSON API under /api/ and the admin."""

from django.contrib import admin
from django.urls import include, path

from openrvu.api.routes import api

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("openrvu.web.urls")),
]

handler404 = "openrvu.web.views.not_found"
handler500 = "openrvu.web.views.server_error"
