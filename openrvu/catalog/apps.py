from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "openrvu.catalog"
    verbose_name = "Catalog"
