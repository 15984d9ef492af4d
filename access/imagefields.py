"""A shim for an upstream gap: Wagtail's image field and photos that are damaged.

Wagtail's upload field recognises an image by its first bytes, then reads its size to
check the pixel limit. For a damaged file (a download cut off, a broken card: the
header of a PNG or WebP with its data missing) Pillow raises while reading that size,
and Wagtail lets the error through: a 500 instead of the form's "not a valid image"
(Wagtail 8, ``WagtailImageField.check_image_pixel_size``). ``ReadableImageField``
turns that error into the same message. ``tests/security/test_uploads.py`` has the
files.
"""

from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField


class ReadableImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except (OSError, SyntaxError, ValueError) as error:  # Pillow cannot read it
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


def use_readable_image_field(form):
    """Give ``form``'s Wagtail image field the check above (the form is built by
    Wagtail, so the field is swapped after the fact; it keeps all its settings)."""
    field = form.fields.get("file")
    if type(field) is WagtailImageField:
        field.__class__ = ReadableImageField
