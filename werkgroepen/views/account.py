"""A member's own settings: organisation, which mails, the personal calendar address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from werkgroepen.forms import PreferencesForm
from werkgroepen.models import CalendarToken, MemberProfile
from werkgroepen.views.calendar import meetings_for


@never_cache
@login_required
def preferences(request):
    profile = MemberProfile.for_user(request.user)
    token = CalendarToken.for_user(request.user)
    form = PreferencesForm(instance=profile)
    if request.method == "POST":
        if request.POST.get("action") == "renew":
            token.renew()
            messages.success(
                request,
                _("Je agenda heeft een nieuw adres. Het oude adres werkt niet meer."),
            )
            return redirect("werkgroepen:preferences")
        form = PreferencesForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, _("Je voorkeuren zijn bewaard."))
            return redirect("werkgroepen:preferences")
    feed_path = reverse("werkgroepen:personal_feed", args=[token.token])
    return render(
        request,
        "werkgroepen/preferences.html",
        {
            "form": form,
            "feed_url": request.build_absolute_uri(feed_path),
            "webcal_url": "webcal://" + request.get_host() + feed_path,
            "upcoming": meetings_for(request.user).filter(start__gte=timezone.now())[:10],
        },
    )
