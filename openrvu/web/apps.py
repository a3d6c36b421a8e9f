from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openrvu.web"
    verbose_name = "Web pages"
