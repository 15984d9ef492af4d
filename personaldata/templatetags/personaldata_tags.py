import datetime
import re

from django import template
from django.utils import formats, timezone

register = template.Library()

# The ISO dates and times ``personaldata.export.collect`` makes of date values.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@register.filter
def get_item(row, key):
    """``row[key]`` in a template (a section's row is a dict)."""
    return row.get(key) if hasattr(row, "get") else None


@register.filter
def readable(value):
    """A section's value for people: ISO dates and times (kept as such in data.json)
    written the way the reader's language writes them, everything else as it is."""
    if not isinstance(value, str):
        return value
    try:
        if ISO_DATE.match(value):
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        if ISO_DATETIME.match(value):
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "DATETIME_FORMAT")
    except ValueError:
        return value
    return value
