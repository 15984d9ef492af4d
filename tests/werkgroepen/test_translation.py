"""Spaces, meetings, feedback pages and input items go through wagtail-localize."""

from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.models import TranslationSource

from access import privacy
from tests.werkgroepen.factories import FeedbackPageFactory, InputItemFactory, MeetingPageFactory
from werkgroepen.models import MeetingDocument


def translate(instance, code="fr"):
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    locale = Locale.objects.get(language_code=code)
    translated, _created = source.create_or_update_translation(locale, fallback=True)
    return translated


def test_a_meeting_with_attendees_and_documents_can_be_translated_and_stays_private(
    home_page, space, member, partner, space_document
):
    meeting = MeetingPageFactory(
        parent=space,
        slug="vertaalbaar",
        minutes="<p>Verslag.</p>",
        start=timezone.now().replace(microsecond=0) + timezone.timedelta(days=3),
    )
    meeting.attendees.add(member)
    MeetingDocument.objects.create(page=meeting, document=space_document)
    meeting.save_revision().publish()
    translate(home_page)
    translate(space.get_parent().specific)
    french_space = translate(space)
    french_meeting = translate(meeting)
    assert french_space.member_group_id == space.member_group_id
    assert PageViewRestriction.objects.filter(page=french_space).exists()
    assert french_meeting.start == meeting.start
    assert list(french_meeting.attendees.all()) == [member]
    assert privacy.can_view_page(member, french_meeting)
    assert not privacy.can_view_page(partner, french_meeting)


def test_feedback_page_and_input_items_can_be_translated(home_page, space):
    page = FeedbackPageFactory(parent=home_page)
    item = InputItemFactory(space=space, is_public=True)
    translate(home_page)
    french_page = translate(page)
    french_item = translate(item)
    assert french_page.locale.language_code == "fr"
    assert french_item.translation_key == item.translation_key
    # The private text is synchronised, never offered for translation.
    source = TranslationSource.objects.get(object_id=item.translation_key)
    segments = set(source.stringsegment_set.values_list("string__data", flat=True))
    assert item.public_summary in segments
    assert item.text not in segments
