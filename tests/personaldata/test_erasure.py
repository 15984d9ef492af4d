"""The erasure: one transaction, nothing of the person left in the database, the
search index or the cache; a crash halfway changes nothing."""

import json
import pickle

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail import hooks
from wagtail.models import ModelLogEntry, Revision

from personaldata import accesslog
from personaldata.erasure import erase
from personaldata.hooks import ERASE_HOOK, Person
from personaldata.models import Erasure
from tests.personaldata.conftest import EMAIL, FIRST_NAME, IDENTIFIERS, LAST_NAME, USERNAME
from tests.personaldata.dump import tables_mentioning
from werkgroepen.models import Comment, InputItem, PollBallot, PollOption, SpacePrivacy

pytestmark = pytest.mark.django_db


def _erase(person, callbacks, **kwargs):
    with callbacks(execute=True):
        return erase(Person(user=person), **kwargs)


def _cache_text():
    """Every value in the test's local-memory cache, as text (the backend keeps them
    pickled in its own dict)."""
    values = []
    for key, value in list(getattr(cache, "_cache", {}).items()):
        try:
            values.append(f"{key} {pickle.loads(value)!r}")  # noqa: S301 -- the test's own cache
        except Exception:  # unreadable values are compared as bytes
            values.append(f"{key} {value!r}")
    return "\n".join(values).casefold()


def _search(client, user, query):
    """The search page's results for ``query`` as text (the page itself repeats the
    query, so the results are read, not the page)."""
    client.force_login(user)
    outcome = client.get("/nl/zoeken/", {"q": query}).context["outcome"]
    shown = [json.dumps(result.as_json(), ensure_ascii=False) for result in outcome.results]
    return " ".join([*shown, outcome.did_you_mean or ""]).strip()


def test_the_person_is_in_the_database_and_the_search_before(rich_person, lead, client, meeting):
    """The test below means something: before the erasure each string is there."""
    found = tables_mentioning(IDENTIFIERS)
    assert set(found) == set(IDENTIFIERS)
    assert "wagtailcore_revision" in found[FIRST_NAME]
    assert LAST_NAME.casefold() in _search(client, lead, LAST_NAME).casefold()


def test_after_erasure_no_table_no_search_and_no_cache_holds_the_person(
    rich_person, lead, client, django_capture_on_commit_callbacks
):
    # Fill the cache with pages that show the person.
    _search(client, lead, FIRST_NAME)
    client.get("/nl/")
    _erase(rich_person, django_capture_on_commit_callbacks)

    assert tables_mentioning(IDENTIFIERS) == {}
    cached = _cache_text()
    assert not [string for string in IDENTIFIERS if string.casefold() in cached]
    for string in IDENTIFIERS:
        assert _search(client, lead, string) == ""


def test_the_account_is_anonymised_and_keeps_its_foreign_keys(
    rich_person, django_capture_on_commit_callbacks
):
    number = rich_person.pk
    _erase(rich_person, django_capture_on_commit_callbacks)
    user = get_user_model().objects.get(pk=number)
    assert user.username == f"gewist-{number}"
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert not user.is_active and not user.has_usable_password()
    assert not user.groups.exists()
    # Wagtail's revisions still point to the account.
    assert Revision.objects.filter(user=user).exists()


def test_input_stays_as_een_deelnemer_and_comments_of_the_person_go(
    rich_person, lead, django_capture_on_commit_callbacks
):
    _erase(rich_person, django_capture_on_commit_callbacks)
    item = InputItem.objects.get()
    assert item.created_by is None
    assert item.participant_name == "een deelnemer"
    assert item.text == "een deelnemer vertelde over de wachtrij aan het loket."
    # Their own comment is gone; the lead's mention of them stays, without the name.
    assert list(Comment.objects.values_list("text", flat=True)) == ["Goed idee een deelnemer!"]


def test_remove_input_deletes_their_input(rich_person, django_capture_on_commit_callbacks):
    _erase(rich_person, django_capture_on_commit_callbacks, remove_input=True)
    assert not InputItem.objects.exists()


def test_a_named_choice_keeps_counting_without_a_name(
    rich_person, django_capture_on_commit_callbacks
):
    _erase(rich_person, django_capture_on_commit_callbacks)
    assert not PollBallot.objects.exists()
    assert PollOption.objects.get().anonymous_votes == 1


@pytest.mark.parametrize("setting", ["keep", "remove"])
def test_uploads_follow_the_space_setting(
    rich_person, space, django_capture_on_commit_callbacks, setting
):
    from wagtail.documents import get_document_model

    SpacePrivacy.objects.create(space=space, uploads_on_erasure=setting)
    _erase(rich_person, django_capture_on_commit_callbacks)
    documents = get_document_model().objects.filter(collection=space.collection)
    if setting == "keep":
        assert documents.get().title == "Verslag van een deelnemer"
    else:
        assert not documents.exists()


def test_a_crash_halfway_changes_nothing(rich_person, django_capture_on_commit_callbacks):
    def boom(run):
        raise RuntimeError("halfway")

    before = tables_mentioning(IDENTIFIERS)
    with hooks.register_temporarily(ERASE_HOOK, boom, order=1000), pytest.raises(RuntimeError):
        _erase(rich_person, django_capture_on_commit_callbacks)
    rich_person.refresh_from_db()
    assert rich_person.username == USERNAME and rich_person.email == EMAIL
    assert InputItem.objects.get().created_by == rich_person
    assert Comment.objects.filter(author=rich_person).exists()
    assert not Erasure.objects.exists()
    assert not ModelLogEntry.objects.filter(action=accesslog.ERASED).exists()
    assert tables_mentioning(IDENTIFIERS) == before


def test_the_register_holds_keyed_hashes_never_the_identifiers(
    rich_person, django_capture_on_commit_callbacks
):
    number = rich_person.pk
    _erase(rich_person, django_capture_on_commit_callbacks)
    row = Erasure.objects.get()
    assert row.user_id == number
    assert len(row.username_hash) == 64 and len(row.email_hash) == 64
    assert USERNAME not in row.username_hash + row.email_hash


def test_the_access_log_names_the_account_number_not_the_person(
    rich_person, django_capture_on_commit_callbacks
):
    number = rich_person.pk
    _erase(rich_person, django_capture_on_commit_callbacks)
    entry = ModelLogEntry.objects.get(action=accesslog.ERASED)
    assert entry.label == f"Gegevens gewist van account {number}"
    assert FIRST_NAME not in str(entry.data) and USERNAME not in str(entry.data)
