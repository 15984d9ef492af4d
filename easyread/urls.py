from django.urls import path

from . import views

app_name = "easyread"
urlpatterns = [
    path("voorlezen/<int:pk>.mp3", views.recording, name="recording"),
]
