from django.urls import path

from . import views

app_name = "personaldata"

urlpatterns = [
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/download/", views.download, name="download"),
]
