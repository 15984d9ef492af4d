"""Finding and replacing mentions of a person in free text and JSON.

A mention is one of the person's identifiers as a whole word, case-insensitively:
the e-mail address, "@username", the user name, the full name, and the first and the
last name on their own (three letters or more). Each becomes "een deelnemer". A
first name on its own may also be someone else's: better one replacement too many
than a name left behind (docs/privacy.md, "Erasure").
"""

import re

from django.db.models import Q, TextField
from django.db.models.functions import Cast

MIN_NAME_CHARS = 3


def identifiers_of(user):
    """The strings that identify ``user``, longest first."""
    if user is None:
        return []
    found = {user.get_username(), user.email, user.get_full_name()}
    found.update(name for name in (user.first_name, user.last_name) if len(name) >= MIN_NAME_CHARS)
    return sorted(
        {value.strip() for value in found if value and value.strip()}, key=len, reverse=True
    )


class Scrubber:
    def __init__(self, identifiers, label):
        self.identifiers = [value for value in identifiers if value]
        self.label = str(label)
        self.pattern = None
        if self.identifiers:
            words = "|".join(re.escape(value) for value in self.identifiers)
            # Not glued to a word character on either side; "@name" taken whole.
            self.pattern = re.compile(rf"(?<![\w@.])@?(?:{words})(?![\w@])", re.IGNORECASE)

    def mentions(self, text):
        return bool(self.pattern and isinstance(text, str) and self.pattern.search(text))

    def text(self, text):
        if not self.pattern or not isinstance(text, str):
            return text
        return self.pattern.sub(self.label, text)

    def value(self, value):
        """A JSON value with every string (and key) scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {self.text(key): self.value(item) for key, item in value.items()}
        return value

    def candidates(self, queryset, fields):
        """Rows of ``queryset`` that may mention the person: a filter in the database
        when every identifier is plain ASCII (JSON is stored with escaped non-ASCII
        characters), else every row, checked in Python."""
        if not self.pattern:
            return queryset.none()
        if not all(value.isascii() for value in self.identifiers):
            return queryset
        condition = Q()
        annotations = {}
        for name in fields:
            as_text = f"_pd_{name}"
            annotations[as_text] = Cast(name, TextField())
            for value in self.identifiers:
                condition |= Q(**{f"{as_text}__icontains": value})
        return queryset.annotate(**annotations).filter(condition)

    def rows(self, queryset, fields):
        """Replace mentions in ``fields`` of the rows of ``queryset``; returns the pks
        of the rows changed. Written with ``update``: no signals, no side effects."""
        changed = []
        model = queryset.model
        for row in self.candidates(queryset, fields).only("pk", *fields).iterator():
            new = {}
            for name in fields:
                before = getattr(row, name)
                if hasattr(before, "get_prep_value"):
                    # A StreamField: its JSON, scrubbed, read back as a stream.
                    raw = before.get_prep_value()
                    scrubbed = self.value(raw)
                    if scrubbed != raw:
                        new[name] = model._meta.get_field(name).to_python(scrubbed)
                    continue
                after = self.value(before)
                if after != before:
                    new[name] = after
            if new:
                model._default_manager.filter(pk=row.pk).update(**new)
                changed.append(row.pk)
        return changed
