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


def key_column(model, name=None):
    """The column ``model``'s rows are named by (its key, or the field ``name``),
    following links: a page type's key is its link to Page."""
    field = model._meta.get_field(name) if name else model._meta.pk
    while field.is_relation:
        field = field.target_field
    return field


def outside_column_range(column, value, using="default"):
    """Whether ``value`` is a whole number the integer ``column`` cannot hold.
    Anything that is no whole number, or a column that holds no integers, is left to
    Django's own checks."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return False
    operations = connections[using].ops
    kind = column.get_internal_type()
    if kind not in operations.integer_field_ranges:
        return False
    try:
        number = int(str(value).strip())
    except ValueError:
        return False
    low, high = operations.integer_field_range(kind)
    return (low is not None and number < low) or (high is not None and number > high)


def _key_field(form_field):
    return key_column(form_field.queryset.model, form_field.to_field_name)


def outside_key_range(form_field, value):
    """Whether ``value`` is a whole number the key column of ``form_field`` cannot hold."""
    return outside_column_range(_key_field(form_field), value, form_field.queryset.db)


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
