"""Form fields of the portal's own forms: bad input is a message next to the field.

- ``KeyChoiceField``: a choice of a row (a meeting, a theme) is posted as its key.
  Django turns a number the key column cannot hold into "no such row" for a plain
  integer key, but not for a key that is itself a link, as every Wagtail page type's
  is (``page_ptr``): SQLite then raised ``OverflowError``. The field checks the number
  against the range the database gives the column (``connection.ops.
  integer_field_range``) and answers as for any unknown row. When the form is shown
  again, a value that is no key at all is not shown: a chooser widget would look it
  up to show the row it names.
- ``ReadableImageField``: Wagtail's image field for a photo that is damaged (see
  docs/upgrading.md).
"""

from django.core.exceptions import ValidationError
from django.db import connections
from django.forms import ModelChoiceField
from wagtail.images.fields import WagtailImageField


def _key_field(form_field):
    """The column a choice names rows by, following links (a page type's key is its
    link to Page)."""
    meta = form_field.queryset.model._meta
    field = meta.get_field(form_field.to_field_name) if form_field.to_field_name else meta.pk
    while field.is_relation:
        field = field.target_field
    return field


def _integer_key_type(form_field):
    """The internal type of the key column, or None when it is no integer column."""
    kind = _key_field(form_field).get_internal_type()
    return kind if kind in connections[form_field.queryset.db].ops.integer_field_ranges else None


def outside_key_range(form_field, value):
    """Whether ``value`` is a whole number the key column of ``form_field`` cannot hold.
    Anything that is no whole number is left to Django's own check."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return False
    kind = _integer_key_type(form_field)
    if kind is None:
        return False
    try:
        number = int(str(value).strip())
    except ValueError:
        return False
    low, high = connections[form_field.queryset.db].ops.integer_field_range(kind)
    return (low is not None and number < low) or (high is not None and number > high)


def is_key(form_field, value):
    """Whether ``value`` could be a key of the rows ``form_field`` chooses from."""
    try:
        _key_field(form_field).to_python(value)
    except ValidationError:
        return False
    return not outside_key_range(form_field, value)


class KeyChoiceField(ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and outside_key_range(self, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def bound_data(self, data, initial):
        if data in self.empty_values or isinstance(data, self.queryset.model):
            return super().bound_data(data, initial)
        return data if is_key(self, data) else initial


class ReadableImageField(WagtailImageField):
    """Wagtail's image field, with a file Pillow cannot read (a photo cut off, a broken
    card) refused as "not a valid image" instead of raising."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
