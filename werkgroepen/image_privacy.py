"""Images never live in a private collection.

Wagtail applies collection privacy to documents only: an image's original and its
renditions are plain files under MEDIA_ROOT, served by the web server to anyone with
the address. So an image in a space's collection would be private in name only. We
therefore refuse it everywhere an image can enter a collection:

- the admin's image forms (single, multiple upload, chooser upload) through
  ``WAGTAILIMAGES_IMAGE_FORM_BASE``: private collections are not offered, and a
  posted one is refused with a message (the same form base declares the file field
  that refuses a damaged photo with a message, ``core.forms.ReadableImageField``);
- the admin's bulk action "add to collection" (a queryset update that skips
  ``save``): refused by a ``before_bulk_action`` hook (``wagtail_hooks``);
- any other ``save`` (code, shell, imports): a ``pre_save`` guard raises.

Members who want to share a photo in their space upload it as a document (jpg and png
are allowed document types): documents are stored privately and served only through
the permission-checking serve view. As a second line, the admin image chooser is
narrowed with ``access.privacy.viewable_images``.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.forms import BaseImageForm
from wagtail.models import Collection, CollectionViewRestriction

from core.forms import ReadableImageField

MESSAGE = _(
    "Afbeeldingen kunnen niet in een besloten map (zoals die van een werkgroep): "
    "ze zouden toch publiek bereikbaar zijn. Deel een foto in een werkgroep als document."
)


def restricted_collections():
    """Collections at or below a collection view restriction."""
    paths = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    condition = Q()
    for path in set(paths):
        condition |= Q(path__startswith=path)
    if not condition:
        return Collection.objects.none()
    return Collection.objects.filter(condition)


def is_restricted(collection_id):
    return bool(collection_id) and restricted_collections().filter(pk=collection_id).exists()


class PortalImageForm(BaseImageForm):
    """Wagtail's image form without the private collections, and with a damaged photo
    refused with a message.

    The file field is replaced on each form rather than declared on the class: a
    declared field would also appear in the forms Wagtail derives from this one
    without a file (editing an image after a multiple upload)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        generated = self.fields.get("file")
        if generated is not None:
            self.fields["file"] = ReadableImageField(
                label=generated.label,
                required=generated.required,
                widget=generated.widget,
            )
        field = self.fields.get("collection")
        if field is not None:
            field.queryset = field.queryset.exclude(pk__in=restricted_collections().values("pk"))

    def clean(self):
        cleaned = super().clean()
        collection = cleaned.get("collection") or getattr(self.instance, "collection", None)
        if collection is not None and is_restricted(collection.pk):
            if "collection" in self.fields:
                self.add_error("collection", MESSAGE)
            else:
                raise ValidationError(MESSAGE)
        return cleaned


@receiver(pre_save, sender=get_image_model())
def refuse_private_collection(sender, instance, raw=False, **kwargs):
    if not raw and is_restricted(instance.collection_id):
        raise ValidationError(MESSAGE)


def refuse_bulk_move(request, action_type, objects, action_class_instance):
    """``before_bulk_action`` hook: no moving images into a private collection."""
    if action_type != "add_to_collection" or not objects:
        return None
    if not isinstance(objects[0], get_image_model()):
        return None
    collection_id = request.POST.get("collection")
    if collection_id and collection_id.isdigit() and is_restricted(int(collection_id)):
        from django.contrib import messages
        from django.shortcuts import redirect

        messages.error(request, MESSAGE)
        return redirect("wagtailimages:index")
    return None
