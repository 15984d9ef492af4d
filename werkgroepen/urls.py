from django.urls import path

from werkgroepen.views import account, calendar, consent, invitations

app_name = "werkgroepen"

urlpatterns = [
    path("mijn-werkgroepen/instellingen/", account.preferences, name="preferences"),
    path("mijn-werkgroepen/toestemmingen/", consent.my_consents, name="consents"),
    path("mijn-werkgroepen/agenda/<str:token>.ics", calendar.personal_feed, name="personal_feed"),
    # A participant's invitation link (no account): werkgroepen/views/invitations.py.
    path("meedoen/<str:token>/", invitations.participate, name="invitation"),
]
