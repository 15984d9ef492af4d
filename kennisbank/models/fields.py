"""Model fields of the kennisbank."""

from django.db import models

KEY_LENGTH = 255


def title_key(title):
    """A title compared the way the importer compares titles: ignoring case, in any
    script (``str.casefold``; SQLite's own case folding is ASCII-only)."""
    return (title or "").casefold()[:KEY_LENGTH]


class TitleKeyField(models.CharField):
    """The case-folded copy of another text field (``source``), kept in step on every
    save and bulk insert (``pre_save`` runs for both), so an indexed equality lookup
    can replace reading every title into Python. Keys are cut at ``KEY_LENGTH``
    characters: whoever compares must check the full titles of the candidates."""

    def __init__(self, *args, source="title", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", KEY_LENGTH)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = title_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
