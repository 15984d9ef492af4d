"""Extra content for the browser tests, on top of ``load_demo``.

The demo has Arabic translations of the start page and the easy-read pages only. To check
every page type right to left, this gives the kennisbank (index, one method, one
practice), the feedback page and the working group "Participatie" (space and one
meeting) an Arabic version through wagtail-localize, with an Arabic title and otherwise
untranslated: the Dutch text stays as the fallback, as on a page whose translation is
published before a translator finished it. Run by the ``live_portal`` fixture after
``load_demo``::

    DJANGO_SETTINGS_MODULE=portal.settings.dev python tests/browser/prepare_portal.py

Idempotent, like the demo.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# (model path, slug, Arabic title) of the Dutch pages that get an Arabic version;
# parents first.
ARABIC_PAGES = (
    ("kennisbank.KennisbankIndexPage", "kennisbank", "بنك المعرفة"),
    ("kennisbank.MethodPage", "oudercafe", "مقهى الأهل"),
    (
        "kennisbank.PracticePage",
        "kapellen-een-oudercafe-in-de-kinderopvang",
        "كابيلن: مقهى الأهل في دار الحضانة",
    ),
    ("werkgroepen.FeedbackPage", "terugkoppeling", "ماذا حدث بمساهمتك؟"),
    ("werkgroepen.WorkingGroupIndexPage", "werkgroepen", "مجموعات العمل"),
    ("werkgroepen.WorkingGroupPage", "participatie", "المشاركة"),
    ("werkgroepen.MeetingPage", "voorbereiding-gezinnendag", "التحضير ليوم العائلة"),
)


class _Log:
    def log(self, what):
        print(f"  + {what}")


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()

    from django.apps import apps
    from django.db import transaction
    from wagtail.models import Locale

    from access.roles import ensure_roles
    from demo.translations import translate

    dutch = Locale.objects.get(language_code="nl")
    with transaction.atomic():
        for model_path, slug, title in ARABIC_PAGES:
            model = apps.get_model(model_path)
            page = model.objects.get(locale=dutch, slug=slug)
            translate(_Log(), page, "ar", {"title": title})
        ensure_roles()


if __name__ == "__main__":
    main()
