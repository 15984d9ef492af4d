"""The factories build a valid tree on their own."""

from wagtail.models import PageViewRestriction

from tests.werkgroepen.factories import (
    FeedbackPageFactory,
    InputItemFactory,
    MeetingPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from werkgroepen.models import WorkingGroupIndexPage, WorkingGroupPage


def test_meeting_factory_builds_index_space_and_meeting_under_the_start_page(home_page):
    meeting = MeetingPageFactory()
    space = meeting.get_parent().specific
    assert isinstance(space, WorkingGroupPage)
    assert isinstance(space.get_parent().specific, WorkingGroupIndexPage)
    assert space.get_parent().get_parent().pk == home_page.pk
    assert PageViewRestriction.objects.filter(page=space).exists()
    assert meeting.url.startswith("/nl/werkgroepen/")


def test_space_factory_reuses_the_index_and_makes_distinct_groups(home_page):
    first, second = WorkingGroupPageFactory(), WorkingGroupPageFactory()
    assert first.get_parent().pk == second.get_parent().pk
    assert first.member_group_id != second.member_group_id
    assert WorkingGroupIndexPage.objects.count() == 1


def test_index_feedback_and_item_factories(home_page):
    assert WorkingGroupIndexPageFactory().live
    assert FeedbackPageFactory().slug == "terugkoppeling"
    item = InputItemFactory()
    assert item.space.member_group is not None
    assert item.status == "received"
