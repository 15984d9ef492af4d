from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("zoeken/", views.search_view, name="search"),
    path("zoeken/suggesties/", views.suggest_view, name="suggest"),
]
