"""A small iCalendar (RFC 5545) writer for meetings.

An event carries what a calendar needs and no more: title, time, place, the online
link and the address of the meeting in the portal. Agenda and minutes stay in the
portal: calendar feeds are often synchronised to outside services.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

PRODID = "-//Netwerkportaal//Werkgroepen//NL"


def escape(value):
    """Escape a TEXT value: backslash, semicolon, comma and newlines."""
    value = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line):
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    limit = 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "netwerkportaal"


def event_lines(meeting, url):
    end = meeting.end or meeting.start + timezone.timedelta(hours=2)
    space = meeting.get_parent()
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{_host()}",
        f"DTSTAMP:{_utc(meeting.last_published_at or timezone.now())}",
        f"DTSTART:{_utc(meeting.start)}",
        f"DTEND:{_utc(end)}",
        f"SUMMARY:{escape(f'{space.title}: {meeting.title}' if space else meeting.title)}",
    ]
    location = meeting.place or meeting.online_link
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    description = [_("Meer in het portaal: %(url)s") % {"url": url}]
    if meeting.online_link:
        description.insert(0, _("Online: %(link)s") % {"link": meeting.online_link})
    lines.append(f"DESCRIPTION:{escape(chr(10).join(description))}")
    lines.append(f"URL:{escape(url)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events, name):
    """``events``: a list of (meeting, absolute url)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for meeting, url in events:
        lines.extend(event_lines(meeting, url))
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
