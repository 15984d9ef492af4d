"""Blocks shared by several apps. Blocks used by one app live in that app."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class EmptyTextNotNoneMixin:
    """Optional text fields of a struct read as "" instead of None.

    Blocks built in code (demo content, imports) often leave optional fields out;
    Wagtail then fills them with None, which wagtail-localize cannot extract, so such
    a page could not be translated. Done in ``to_python`` rather than with
    ``default=""`` so the block definitions (and every app's migrations) stay the same.
    """

    _text_blocks = (blocks.CharBlock, blocks.TextBlock, blocks.EmailBlock)

    def _fill_empty_text(self, struct):
        for name, child in self.child_blocks.items():
            if isinstance(child, self._text_blocks) and struct.get(name) is None:
                struct[name] = ""
        return struct

    def to_python(self, value):
        return self._fill_empty_text(super().to_python(value))

    def bulk_to_python(self, values):
        return [self._fill_empty_text(struct) for struct in super().bulk_to_python(values)]


class ShortParagraphBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("tekst"),
        max_length=400,
        help_text=_("Eén idee per alinea. Korte zinnen."),
    )

    class Meta:
        icon = "pilcrow"
        label = _("Korte alinea")
        template = "components/blocks/short_paragraph.html"
        description = _("Een korte alinea in eenvoudige taal")
        preview_value = {"text": "Je kan elke dinsdag langskomen. Je hoeft niet te bellen."}


class PictogramTextBlock(EmptyTextNotNoneMixin, blocks.StructBlock):
    image = ImageChooserBlock(label=_("pictogram of foto"))
    alt_text = blocks.CharBlock(
        label=_("alternatieve tekst"),
        max_length=200,
        help_text=_("Verplicht: wat staat er op het beeld?"),
    )
    text = blocks.TextBlock(label=_("tekst"), max_length=300)

    class Meta:
        icon = "image"
        label = _("Pictogram met tekst")
        template = "components/blocks/pictogram_text.html"
        description = _("Een beeld met een korte uitleg ernaast")


class NumberedStepsBlock(EmptyTextNotNoneMixin, blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titel"), required=False, max_length=120)
    steps = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("stappen"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Stappen")
        template = "components/blocks/numbered_steps.html"
        description = _("Wat moet je doen, stap voor stap")
        preview_value = {
            "heading": "Zo vraag je hulp",
            "steps": [
                "Bel het sociaal huis.",
                "Maak een afspraak.",
                "Neem je identiteitskaart mee.",
            ],
        }


class ContactCardBlock(EmptyTextNotNoneMixin, blocks.StructBlock):
    name = blocks.CharBlock(label=_("naam"), max_length=120)
    role = blocks.CharBlock(label=_("rol of dienst"), required=False, max_length=120)
    phone = blocks.CharBlock(label=_("telefoon"), required=False, max_length=40)
    email = blocks.EmailBlock(label=_("e-mail"), required=False)
    address = blocks.TextBlock(label=_("adres"), required=False, max_length=300)
    opening_hours = blocks.CharBlock(label=_("wanneer"), required=False, max_length=200)

    class Meta:
        icon = "user"
        label = _("Contactkaart")
        template = "components/blocks/contact_card.html"
        description = _("Wie kan je bellen of mailen")
        preview_value = {"name": "Onthaal sociaal huis", "phone": "03 000 00 00"}


class GoodToKnowBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("tekst"), max_length=400)

    class Meta:
        icon = "help"
        label = _("Goed om te weten")
        template = "components/blocks/good_to_know.html"
        description = _("Een kader met iets belangrijks")
        preview_value = {"text": "Het is gratis."}


class EasyReadStreamBlock(blocks.StreamBlock):
    paragraph = ShortParagraphBlock()
    pictogram = PictogramTextBlock()
    steps = NumberedStepsBlock()
    contact = ContactCardBlock()
    good_to_know = GoodToKnowBlock()

    class Meta:
        icon = "doc-full"
        label = _("Eenvoudige taal")


class BodyStreamBlock(blocks.StreamBlock):
    """General page body used where an app has no stream block of its own."""

    heading = blocks.CharBlock(
        label=_("tussentitel"),
        max_length=120,
        form_classname="title",
        icon="title",
        template="components/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("tekst"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="components/blocks/rich_text.html",
    )
    good_to_know = GoodToKnowBlock()
    contact = ContactCardBlock()

    class Meta:
        icon = "doc-full"
