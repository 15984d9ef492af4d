"""Blocks of the kennisbank pages: the body of a method and the extra sections of a
practice sheet (headings the importer did not recognise are kept as such sections)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class SectionBlock(blocks.StructBlock):
    """A heading with its text: one section of a sheet that has no field of its own."""

    heading = blocks.CharBlock(label=_("titel"), max_length=120)
    text = blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Extra onderdeel")
        template = "kennisbank/blocks/section.html"
        description = _("Een onderdeel met een eigen titel, bijvoorbeeld 'Kostprijs'")
        preview_value = {
            "heading": "Kostprijs",
            "text": "<p>Koffie, soep en een zaal: ongeveer 40 euro per keer.</p>",
        }


class StepsBlock(blocks.StructBlock):
    """The steps of a method, in order."""

    heading = blocks.CharBlock(label=_("titel"), required=False, max_length=120)
    steps = blocks.ListBlock(blocks.TextBlock(max_length=400), label=_("stappen"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Stappenplan")
        template = "kennisbank/blocks/steps.html"
        description = _("Hoe pak je het aan, stap voor stap")
        preview_value = {
            "heading": "Zo pak je het aan",
            "steps": ["Nodig persoonlijk uit.", "Zorg voor kinderopvang.", "Koppel terug."],
        }


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Tekst")
        template = "kennisbank/blocks/paragraph.html"
        description = _("Gewone tekst met opmaak en links")
        preview_value = "<p>Een focusgroep brengt zes tot tien mensen samen rond één vraag.</p>"


class MethodStreamBlock(blocks.StreamBlock):
    """The body of a method page."""

    paragraph = ParagraphBlock(features=RICH_TEXT_FEATURES)
    steps = StepsBlock()
    section = SectionBlock()

    class Meta:
        icon = "doc-full"
        description = _("De uitleg van de methode")


class PracticeStreamBlock(blocks.StreamBlock):
    """Extra sections of a practice sheet (beyond goal, reach, side effects, …)."""

    section = SectionBlock()

    class Meta:
        icon = "doc-full"
        description = _("Extra onderdelen van de praktijkfiche")
