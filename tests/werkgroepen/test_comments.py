"""Conversations: members comment on a meeting or a document of their space.

Privacy first: the thread, the forms, mentions and search results reach the people
who may open the space and nobody else.
"""

import pytest
from django.core import mail
from django.test import Client

from search.models import SearchEntry
from tests.portal.factories import UserFactory
from tests.search.factories import translate
from tests.werkgroepen.conftest import login
from tests.werkgroepen.factories import MeetingPageFactory
from werkgroepen import comments as ops
from werkgroepen import documents
from werkgroepen.models import Comment, MemberProfile

OUTSIDERS = ["partner", "other_member", "anonymous"]
SECRET = "Het zebrapad aan de school is gevaarlijk voor de kinderen."


def outsider(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


def route(space, name, *args):
    return space.url + space.reverse_subpage(name, args=list(args) or None)


def detail_url(space, document):
    return route(space, "document_detail", document.pk)


def assert_refused(response, secret=SECRET):
    assert response.status_code in (302, 403, 404), response.status_code
    assert secret not in response.content.decode(errors="replace")
    if response.status_code == 302:
        assert "login" in response["Location"]


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (mails, search index) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def comment(space, meeting, member, commit):
    with commit():
        return ops.add(space, member, SECRET, meeting=meeting)


@pytest.fixture
def doc_comment(space, space_document, member, commit):
    with commit():
        return ops.add(space, member, "Bladzijde drie mist de kalender.", document=space_document)


@pytest.fixture
def other_comment(other_space, other_member, commit):
    other_meeting = MeetingPageFactory(parent=other_space, slug="elders")
    with commit():
        return ops.add(other_space, other_member, "Elders gezegd.", meeting=other_meeting)


# --- privacy: who reads, writes, changes ------------------------------------------------


def test_member_reads_the_thread_on_the_meeting_privately(client, meeting, comment, lead):
    response = login(client, lead).get(meeting.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "zebrapad aan de school" in html
    assert f'id="comment-{comment.pk}"' in html
    assert "Nadia Peeters" in html
    assert "private" in response["Cache-Control"]


def test_member_reads_the_thread_on_the_document(client, space, space_document, doc_comment):
    member = doc_comment.author
    html = login(client, member).get(detail_url(space, space_document)).content.decode()
    assert "Bladzijde drie mist de kalender." in html
    assert 'id="comments"' in html


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_read_the_thread(request, client, space, meeting, comment, who):
    login(client, outsider(request, who))
    assert_refused(client.get(meeting.url))


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_read_a_document_thread(
    request, client, space, space_document, doc_comment, who
):
    login(client, outsider(request, who))
    assert_refused(client.get(detail_url(space, space_document)), "Bladzijde drie")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_post(request, client, space, meeting, space_document, who):
    login(client, outsider(request, who))
    for url in (
        route(space, "comment_add_meeting", meeting.pk),
        route(space, "comment_add_document", space_document.pk),
    ):
        assert_refused(client.post(url, {"text": "Ik kom binnen."}), "Ik kom binnen.")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_edit_or_delete(request, client, space, comment, who):
    login(client, outsider(request, who))
    for name in ("comment_edit", "comment_delete"):
        url = route(space, name, comment.pk)
        assert_refused(client.get(url))
        assert_refused(client.post(url, {"text": "Overschreven."}), "Overschreven.")
    comment.refresh_from_db()
    assert comment.text == SECRET


def test_a_comment_of_another_space_is_not_found(client, space, lead, other_comment):
    """Even a lead asks their own space for another space's comment: 404."""
    login(client, lead)
    for name in ("comment_edit", "comment_delete"):
        url = route(space, name, other_comment.pk)
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Weg ermee."}).status_code == 404
    other_comment.refresh_from_db()
    assert other_comment.text == "Elders gezegd."


def test_a_meeting_or_document_of_another_space_takes_no_comment_here(
    client, space, other_space, other_member, member, meeting, space_document
):
    login(client, other_member)
    for name, pk in (
        ("comment_add_meeting", meeting.pk),
        ("comment_add_document", space_document.pk),
    ):
        response = client.post(route(other_space, name, pk), {"text": "Via de zijdeur."})
        assert response.status_code == 404
    assert not Comment.objects.exists()


def test_member_cannot_change_or_delete_someone_elses_comment(client, space, comment, lead):
    other = UserFactory(username="tweede-lid", first_name="Sara")
    other.groups.add(space.member_group)
    login(client, other)
    for name in ("comment_edit", "comment_delete"):
        url = route(space, name, comment.pk)
        response = client.get(url)
        assert response.status_code == 403
        assert "Niet jouw reactie" in response.content.decode()
        assert client.post(url, {"text": "Niet van mij."}).status_code == 403
    comment.refresh_from_db()
    assert comment.text == SECRET


def test_lead_deletes_but_does_not_edit_a_members_comment(client, space, meeting, comment, lead):
    login(client, lead)
    edit_url = route(space, "comment_edit", comment.pk)
    response = client.post(edit_url, {"text": "Bijgestuurd."})
    assert response.status_code == 403
    assert "Alleen wie de reactie schreef, kan ze aanpassen." in response.content.decode()
    html = client.get(meeting.url).content.decode()
    assert route(space, "comment_delete", comment.pk) in html
    assert edit_url not in html
    response = client.post(route(space, "comment_delete", comment.pk))
    assert response.status_code == 302
    assert response["Location"].endswith(meeting.url + "#comments")
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_post_needs_the_csrf_token(space, meeting, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(route(space, "comment_add_meeting", meeting.pk), {"text": "Hallo"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


# --- writing, changing, deleting ---------------------------------------------------------


def test_member_posts_and_is_sent_back_to_the_thread(client, space, meeting, member, commit):
    login(client, member)
    with commit():
        response = client.post(
            route(space, "comment_add_meeting", meeting.pk), {"text": "Ik breng koffie mee."}
        )
    assert response.status_code == 302
    assert response["Location"].endswith(meeting.url + "#comments")
    comment = Comment.objects.get()
    assert (comment.space_id, comment.meeting_id, comment.author) == (space.pk, meeting.pk, member)
    assert "Ik breng koffie mee." in client.get(meeting.url).content.decode()


def test_a_get_on_the_post_address_changes_nothing(client, space, meeting, member):
    response = login(client, member).get(route(space, "comment_add_meeting", meeting.pk))
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_too_long_comment_gets_a_message_and_keeps_the_text(client, space, meeting, member):
    text = "woord " * 700  # 4200 characters
    response = login(client, member).post(
        route(space, "comment_add_meeting", meeting.pk), {"text": text}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "te lang: maximaal 4000 tekens" in html
    assert text.strip()[:200] in html
    assert not Comment.objects.exists()


def test_empty_comment_is_refused_with_a_message(client, space, space_document, member):
    response = login(client, member).post(
        route(space, "comment_add_document", space_document.pk), {"text": "   "}
    )
    assert response.status_code == 400
    assert "Schrijf eerst je reactie." in response.content.decode()
    assert not Comment.objects.exists()


def test_text_is_plain_escaped_with_clickable_links_and_line_breaks(
    client, space, meeting, member, commit
):
    text = "<script>alert(1)</script> **vet**\nZie https://example.org/plan en javascript:alert(2)"
    with commit():
        ops.add(space, member, text, meeting=meeting)
    html = login(client, member).get(meeting.url).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **vet**<br>" in html
    assert '<a href="https://example.org/plan" rel="nofollow ugc noopener">' in html
    assert 'href="javascript' not in html


def test_author_edits_and_the_comment_shows_edited(client, space, meeting, comment, commit):
    login(client, comment.author)
    url = route(space, "comment_edit", comment.pk)
    assert SECRET in client.get(url).content.decode()
    with commit():
        response = client.post(url, {"text": "Het zebrapad is nu veilig."})
    assert response["Location"].endswith(meeting.url + "#comments")
    comment.refresh_from_db()
    assert comment.text == "Het zebrapad is nu veilig." and comment.edited_at
    assert "(bewerkt)" in client.get(meeting.url).content.decode()


def test_author_deletes_after_a_confirmation(client, space, meeting, comment, commit):
    login(client, comment.author)
    url = route(space, "comment_delete", comment.pk)
    page = client.get(url).content.decode()
    assert "Reactie verwijderen?" in page and 'method="post"' in page
    assert Comment.objects.filter(pk=comment.pk).exists()
    with commit():
        client.post(url)
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert "zebrapad" not in client.get(meeting.url).content.decode()


def test_a_trashed_document_shows_and_takes_no_comments(
    client, space, space_document, doc_comment, lead
):
    documents.trash(space_document, lead)
    login(client, lead)
    html = client.get(detail_url(space, space_document)).content.decode()
    assert "Bladzijde drie" not in html and 'id="comments"' not in html
    add = route(space, "comment_add_document", space_document.pk)
    assert client.post(add, {"text": "Nog iets."}).status_code == 404
    assert client.get(route(space, "comment_delete", doc_comment.pk)).status_code == 404
    assert Comment.objects.count() == 1


def test_a_translated_meeting_shows_the_same_thread(
    client, space, meeting, member, comment, commit
):
    french_meeting = translate(meeting, "fr")
    french_space = french_meeting.get_parent().specific
    assert french_meeting.translation_key == meeting.translation_key
    login(client, member)
    assert "zebrapad aan de school" in client.get(french_meeting.url).content.decode()
    with commit():
        response = client.post(
            route(french_space, "comment_add_meeting", french_meeting.pk), {"text": "Merci !"}
        )
    assert response["Location"].endswith(french_meeting.url + "#comments")
    added = Comment.objects.get(text="Merci !")
    assert (added.meeting_id, added.space_id) == (meeting.pk, space.pk)
    assert "Merci !" in client.get(meeting.url).content.decode()


def test_a_new_comment_shows_at_once_for_every_member(client, space, meeting, member, lead):
    login(client, lead)
    assert "Nog geen reacties" in client.get(meeting.url).content.decode()  # kept now
    ops.add(space, member, "Vers van de pers.", meeting=meeting)
    assert "Vers van de pers." in client.get(meeting.url).content.decode()


# --- mentions -----------------------------------------------------------------------------


def test_mention_by_username_mails_the_member_once_in_their_language(
    space, meeting, member, lead, commit
):
    profile = MemberProfile.for_user(lead)
    profile.mail_language = "fr"
    profile.save()
    with commit():
        comment = ops.add(
            space, member, "Vraag voor @trekker-test en @Trekker-test.", meeting=meeting
        )
    assert recipients() == ["trekker@example.org"]
    message = mail.outbox[0]
    assert "[Participatie]" in message.subject
    html = message.alternatives[0][0]
    assert '<html lang="fr"' in html
    assert f"{meeting.url}#comment-{comment.pk}" in message.body
    assert SECRET not in message.body


def test_mention_by_unique_first_name_mails_and_ambiguous_names_do_not(
    space, meeting, member, lead, commit
):
    with commit():
        ops.add(space, member, "Koen, kijk jij dit na? @koen.", meeting=meeting)
    assert recipients() == ["trekker@example.org"]
    mail.outbox.clear()
    namesake = UserFactory(username="koen-twee", first_name="Koen", email="koen2@example.org")
    namesake.groups.add(space.member_group)
    with commit():
        ops.add(space, member, "@Koen welke van de twee?", meeting=meeting)
    assert recipients() == []


def test_mentions_outside_the_space_send_nothing_and_look_like_any_text(
    client, space, meeting, member, partner, other_member, commit
):
    partner.email, other_member.email = "partner@example.org", "ander@example.org"
    partner.save()
    other_member.save()
    text = "Vraag het @partner-test en @ander-lid en @Els en @niemand."
    with commit():
        ops.add(space, member, text, meeting=meeting)
    assert recipients() == []
    html = login(client, member).get(meeting.url).content.decode()
    assert str(ops.render_text(text)) in html
    assert "<p>Vraag het @partner-test en @ander-lid en @Els en @niemand.</p>" in html


def test_no_mail_to_the_author_inactive_people_or_those_who_want_none(
    space, meeting, member, lead, commit
):
    quiet = UserFactory(username="stil-lid", email="stil@example.org")
    quiet.groups.add(space.member_group)
    MemberProfile.objects.create(user=quiet, digest=MemberProfile.Digest.NONE)
    gone = UserFactory(username="weg-lid", email="weg@example.org", is_active=False)
    gone.groups.add(space.member_group)
    with commit():
        ops.add(space, member, "@lid-test @stil-lid @weg-lid", meeting=meeting)
    assert recipients() == []


def test_an_edit_mails_only_the_newly_mentioned(space, meeting, member, lead, commit):
    other = UserFactory(username="sara-lid", first_name="Sara", email="sara@example.org")
    other.groups.add(space.member_group)
    with commit():
        comment = ops.add(space, member, "Dag @Koen", meeting=meeting)
    assert recipients() == ["trekker@example.org"]
    mail.outbox.clear()
    with commit():
        ops.edit(comment, space, "Dag @Koen en @Sara")
    assert recipients() == ["sara@example.org"]


def test_a_mention_on_a_document_links_to_the_document_thread(
    space, space_document, member, lead, commit
):
    with commit():
        comment = ops.add(space, member, "@trekker-test lees je mee?", document=space_document)
    assert recipients() == ["trekker@example.org"]
    assert f"{detail_url(space, space_document)}#comment-{comment.pk}" in mail.outbox[0].body


# --- search -------------------------------------------------------------------------------


@pytest.fixture
def search_json(client):
    def _search(q, user):
        login(client, user)
        response = client.get("/nl/zoeken/", {"q": q, "format": "json"})
        assert response.status_code == 200
        return response.json()["results"]

    return _search


def urls(results):
    return [result["url"] for result in results]


def test_members_find_a_comment_and_are_led_to_it(search_json, meeting, comment, lead):
    results = search_json("zebrapad", lead)
    assert urls(results) == [f"{meeting.url}#comment-{comment.pk}"]
    assert results[0]["type_label"] == "Reactie"
    assert results[0]["location"][-1] == meeting.title


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_do_not_find_a_comment(request, search_json, comment, doc_comment, who):
    user = outsider(request, who)
    assert search_json("zebrapad", user) == []
    assert search_json("kalender", user) == []


def test_a_document_comment_leads_to_the_document_page(
    search_json, space, space_document, doc_comment, member
):
    results = search_json("kalender", member)
    expected = f"{detail_url(space, space_document)}#comment-{doc_comment.pk}"
    assert expected in urls(results)


def test_a_deleted_comment_is_no_longer_found(search_json, comment, member, commit):
    with commit():
        ops.delete(comment)
    assert search_json("zebrapad", member) == []
    assert not SearchEntry.objects.filter(key=f"comment:{comment.pk}").exists()


def test_comments_stay_found_when_their_meeting_or_space_is_published_again(
    search_json, space, meeting, comment, doc_comment, member, commit
):
    with commit():
        meeting.save_revision().publish()
        space.save_revision().publish()
    assert len(search_json("zebrapad", member)) == 1
    assert len([u for u in urls(search_json("kalender", member)) if "#comment-" in u]) == 1


def test_document_comments_stay_found_when_the_document_is_indexed_again(
    search_json, space_document, doc_comment, member, commit
):
    with commit():
        space_document.tags.add("planning")
    assert len([u for u in urls(search_json("kalender", member)) if "#comment-" in u]) == 1


def test_comments_of_a_trashed_document_are_not_found(
    search_json, space_document, doc_comment, lead, commit
):
    with commit():
        documents.trash(space_document, lead)
    assert not [u for u in urls(search_json("kalender", lead)) if "#comment-" in u]
