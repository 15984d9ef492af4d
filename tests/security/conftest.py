"""The adversarial suite's world: people who may see some things and try the rest.

Every restricted item carries its own marker string (``SECRETS``); a test asks as a
user who must not see that item and asserts the marker is not in what comes back,
whatever the status code.

Content: a public method and a partner-only practice in the kennisbank (with a French
translation), two working-group spaces A and B, each with a meeting and a document in
its private collection (A also has a sub-collection with a document).

People: anonymous, a logged-in outsider, a partner, a member and a lead of A, a lead
and a member of B, an editor (Redacteur), a translator (Vertaler) and the coordinator.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection, Locale

from access import roles
from demo.samplefiles import make_pdf
from tests.kennisbank.factories import KennisbankIndexPageFactory, MethodPageFactory
from tests.kennisbank.factories import PracticePageFactory as _PracticePageFactory
from tests.portal.factories import UserFactory
from tests.search.factories import PortalDocumentFactory
from tests.werkgroepen.factories import (
    MeetingPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from werkgroepen import documents

SECRETS = {
    "partner_page": "PARTNERGEHEIM-7Q",
    "partner_fr": "SECRETPARTENAIRE-7Q",
    "meeting_a": "VERGADERGEHEIM-A1",
    "doc_a": "DOCUMENTGEHEIM-A2",
    "subdoc_a": "SUBMAPGEHEIM-A3",
    "space_b": "RUIMTEGEHEIM-B0",
    "meeting_b": "VERGADERGEHEIM-B1",
}


def who(world, name):
    """A user of the world by name (``"anonymous"`` is None)."""
    return world["users"][name]


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def assert_no_secret(response, *keys):
    text = body_of(response)
    for key in keys:
        assert SECRETS[key] not in text, (key, response.status_code)
    for header, value in response.items():
        for key in keys:
            assert SECRETS[key] not in value, (key, header)


def assert_not_shared_cacheable(response):
    """A shared cache (proxy, CDN) may not keep this response."""
    control = response.get("Cache-Control", "")
    assert "private" in control or "no-store" in control, control


@pytest.fixture
def world(home_page, role_groups, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kennisbank = KennisbankIndexPageFactory(parent=home_page)
        public = MethodPageFactory(
            parent=kennisbank,
            title="Open methode",
            slug="open-methode",
            lead="Een methode die iedereen mag lezen.",
        )
        partner_page = _PracticePageFactory(
            parent=kennisbank,
            title="Partnerpraktijk",
            slug="partnerpraktijk",
            lead=f"Interne afspraken tussen partners: {SECRETS['partner_page']}.",
            audience="partners",
        )
        french = partner_page.copy_for_translation(
            Locale.objects.get(language_code="fr"), copy_parents=True
        )
        french.title = "Pratique des partenaires"
        french.lead = f"Accords internes: {SECRETS['partner_fr']}."
        french.save_revision().publish()

        index = WorkingGroupIndexPageFactory(parent=home_page)
        space_a = WorkingGroupPageFactory(parent=index, title="Participatie", slug="participatie")
        space_b = WorkingGroupPageFactory(
            parent=index,
            title="Drempels",
            slug="drempels",
            purpose=f"<p>Wat we over drempels weten: {SECRETS['space_b']}.</p>",
        )
        meeting_a = MeetingPageFactory(
            parent=space_a,
            title="Voorbereiding gezinnendag",
            slug="gezinnendag",
            agenda=f"<p>Het verhaal van een mama: {SECRETS['meeting_a']}.</p>",
        )
        meeting_b = MeetingPageFactory(
            parent=space_b,
            title="Overleg drempels",
            slug="overleg-drempels",
            agenda=f"<p>Wat een papa vertelde: {SECRETS['meeting_b']}.</p>",
        )

    users = {
        "anonymous": None,
        "outsider": UserFactory(username="buiten", groups=[]),
        "partner": UserFactory(username="partner-s", groups=[roles.PARTNER]),
        "member_a": UserFactory(username="lid-a"),
        "lead_a": UserFactory(username="trekker-a", groups=[roles.PARTNER]),
        "member_b": UserFactory(username="lid-b"),
        "lead_b": UserFactory(username="trekker-b", groups=[roles.PARTNER]),
        "redacteur": UserFactory(username="redacteur-s", groups=[roles.REDACTEUR, roles.PARTNER]),
        "vertaler": UserFactory(username="vertaler-s", groups=[roles.VERTALER]),
        "coordinator": UserFactory(
            username="coordinator-s", groups=[roles.COORDINATOR], is_superuser=True, is_staff=True
        ),
    }
    for user in users.values():
        if user is not None:
            user.set_password("portaal-demo")
            user.save()
    users["member_a"].groups.add(space_a.member_group)
    users["lead_a"].groups.add(space_a.member_group, space_a.lead_group)
    users["member_b"].groups.add(space_b.member_group)
    users["lead_b"].groups.add(space_b.member_group, space_b.lead_group)

    with django_capture_on_commit_callbacks(execute=True):
        doc_a = documents.create_document(
            space_a,
            SimpleUploadedFile("verslag-a.pdf", make_pdf("Verslag", [SECRETS["doc_a"]])),
            users["lead_a"],
            title=f"Verslag {SECRETS['doc_a']}",
        )
    sub = Collection.objects.get(pk=space_a.collection_id).add_child(name="Foto's Participatie")
    subdoc_a = PortalDocumentFactory(
        title=f"Foto {SECRETS['subdoc_a']}",
        collection=sub,
        file=SimpleUploadedFile("foto.txt", SECRETS["subdoc_a"].encode()),
    )
    public_doc = PortalDocumentFactory(
        title="Folder voor gezinnen",
        file=SimpleUploadedFile("folder.txt", b"Een folder voor iedereen."),
    )
    return {
        "home": home_page,
        "kennisbank": kennisbank,
        "public": public,
        "partner_page": partner_page,
        "french": french,
        "index": index,
        "space_a": space_a,
        "space_b": space_b,
        "meeting_a": meeting_a,
        "meeting_b": meeting_b,
        "doc_a": doc_a,
        "subdoc_a": subdoc_a,
        "sub_collection": sub,
        "public_doc": public_doc,
        "users": users,
    }


def anonymous_user():
    return AnonymousUser()
