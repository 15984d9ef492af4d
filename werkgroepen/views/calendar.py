"""Calendars: one meeting as .ics, and a member's personal feed at a secret address.

The personal feed is read by calendar apps without a session, so the secret token in
the address is the only key. It lists the meetings of the spaces the user is a member
or lead of *now* (checked on every request, and intersected with what
``access.privacy`` lets the user see), from 60 days back on.
"""

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from access.privacy import viewable_pages
from werkgroepen import ical
from werkgroepen.notifications import absolute_url

FEED_PAST_DAYS = 60


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


def meeting_ics(request, meeting):
    """Served through the meeting page's route, behind the space's view restriction."""
    url = absolute_url(meeting.get_url(request) or "")
    body = ical.calendar([(meeting, url)], meeting.title)
    return _ics_response(body, f"{meeting.slug}.ics")


def meetings_for(user):
    """Live meetings in live spaces this user belongs to, and may see."""
    from access.privacy import group_ids as user_group_ids
    from werkgroepen.models import MeetingPage, WorkingGroupPage

    group_ids = user_group_ids(user)
    if not group_ids:
        return MeetingPage.objects.none()
    spaces = viewable_pages(
        user,
        WorkingGroupPage.objects.live().filter(
            Q(member_group_id__in=group_ids) | Q(lead_group_id__in=group_ids)
        ),
    )
    below = Q()
    for path, depth in spaces.values_list("path", "depth"):
        below |= Q(path__startswith=path, depth=depth + 1)
    if not below:
        return MeetingPage.objects.none()
    return viewable_pages(user, MeetingPage.objects.live().filter(below)).order_by("start")


@never_cache
def personal_feed(request, token):
    from werkgroepen.models import CalendarToken

    calendar_token = (
        CalendarToken.objects.filter(token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    if calendar_token is None:
        raise Http404
    since = timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS)
    meetings = meetings_for(calendar_token.user).filter(start__gte=since)
    events = [(meeting, absolute_url(meeting.get_url(request) or "")) for meeting in meetings]
    body = ical.calendar(events, _("Mijn werkgroepen"))
    return _ics_response(body, "werkgroepen.ics")
