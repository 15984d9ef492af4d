"""Blocks of the working-group pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class DecisionBlock(blocks.StructBlock):
    """One decision of a meeting: what, who follows it up, by when."""

    decision = blocks.TextBlock(label=_("beslissing"), max_length=600)
    owner = blocks.CharBlock(label=_("wie volgt op?"), required=False, max_length=120)
    due = blocks.DateBlock(label=_("tegen wanneer?"), required=False)

    class Meta:
        icon = "tick-inverse"
        template = "werkgroepen/blocks/decision.html"
        label = _("beslissing")
        description = _("Wat werd beslist, wie volgt het op en tegen wanneer.")
        preview_value = {
            "decision": "We nodigen de gezinnen persoonlijk uit voor de gezinnendag.",
            "owner": "Koen",
        }


class DecisionsStreamBlock(blocks.StreamBlock):
    decision = DecisionBlock()

    class Meta:
        icon = "list-ul"
        description = _("De beslissingen van de vergadering.")
        preview_value = [
            ("decision", {"decision": "De volgende vergadering is in het buurthuis."}),
        ]
