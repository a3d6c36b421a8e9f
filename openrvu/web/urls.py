from django.urls import path

from . import guide_views, pricing_views, search_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("codes/", views.codes, name="codes"),
    path("codes/category/<slug:slug>", views.category, name="category"),
    path("codes/<str:code>", views.code_page, name="code"),
    path("search", search_views.search_page, name="search"),
    path("tools/", views.tools, name="tools"),
    path("tools/price", pricing_views.price_tool, name="price"),
    path("guides/", guide_views.guide_list, name="guides"),
    path("guides/<slug:slug>", guide_views.guide_page, name="guide"),
    path("about/", views.about, name="about"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
