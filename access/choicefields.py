"""A shim for an upstream gap: a form choice that names a row by a number the database
cannot hold.

Django's model choice fields (a ``<select>`` of meetings, the themes of a practice in
the editor, any chooser) look the submitted key up in the database. Django itself turns
an out-of-range number into "no such row" for an ordinary integer key, but not for a key
that is itself a link, which is how every Wagtail page type is keyed (``page_ptr``). A
submitted ``99999999999999999999`` for a meeting then reached the database as it was,
and SQLite raised ``OverflowError``: a server error instead of the form again with its
text (Django 5.2; PostgreSQL compares the number and finds no row).

``install`` wraps the look-up of both choice fields, for every form in the portal and in
Wagtail's admin: a number outside the range the database gives the key column is an
invalid choice, the same message as any other unknown row. Anything else goes through
Django unchanged.

Wagtail's choosers (a page, a document, a snippet picked in the admin) have the same gap
one step later: when a form comes back with errors, the chooser shows the row its value
names, and looked up ``abc`` or a number that is too big as a key (a ``ValueError``, an
``OverflowError``). Such a value names no row, so the chooser shows none, as it does
for a row that was deleted. ``tests/werkgroepen/test_feedback.py`` and
``tests/security/test_hostile.py`` show the errors this prevents.
"""

from django.core.exceptions import ValidationError
from django.db import connections
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField
from wagtail.admin.widgets.chooser import BaseChooser


def _key_field(form_field):
    model = form_field.queryset.model
    name = form_field.to_field_name
    field = model._meta.get_field(name) if name else model._meta.pk
    while field.is_relation:  # a page type's key is its link to Page
        field = field.target_field
    return field


def out_of_range(form_field, value):
    """Whether ``value`` is a whole number the key column of ``form_field`` cannot
    hold. Values that are no number at all are left to Django's own check."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return False
    operations = connections[form_field.queryset.db].ops
    kind = _key_field(form_field).get_internal_type()
    if kind not in operations.integer_field_ranges:
        return False
    try:
        number = int(str(value).strip())
    except ValueError:
        return False
    low, high = operations.integer_field_range(kind)
    return (low is not None and number < low) or (high is not None and number > high)


def _invalid_choice(form_field, value):
    return ValidationError(
        form_field.error_messages["invalid_choice"],
        code="invalid_choice",
        params={"value": value},
    )


def install():
    if getattr(ModelChoiceField, "_portal_key_range", False):
        return
    to_python = ModelChoiceField.to_python
    check_values = ModelMultipleChoiceField._check_values

    def guarded_to_python(self, value):
        if out_of_range(self, value):
            raise _invalid_choice(self, value)
        return to_python(self, value)

    def guarded_check_values(self, value):
        if isinstance(value, (list, tuple, set, frozenset)):
            for key in value:
                if out_of_range(self, key):
                    raise _invalid_choice(self, key)
        return check_values(self, value)

    get_instance = BaseChooser.get_instance

    def guarded_get_instance(self, value):
        try:
            return get_instance(self, value)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return None  # no key of this model: it names no row to show

    ModelChoiceField.to_python = guarded_to_python
    ModelMultipleChoiceField._check_values = guarded_check_values
    BaseChooser.get_instance = guarded_get_instance
    ModelChoiceField._portal_key_range = True
