"""Fail when the gettext catalogues miss strings the code marks for translation, or
leave one untranslated.

Runs ``makemessages`` into a scratch copy of ``portal/locale`` and compares the
message ids with the committed catalogues (run ``make messages`` to add them); then
every catalogue but the Dutch source must translate every string, with no fuzzy
entry (gettext would show those in Dutch).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "portal" / "locale"
# The interface languages: every content language (``PORTAL_LANGUAGES``).
LANGUAGES = ("nl", "fr", "en", "ar", "tr", "pl", "uk")
SOURCE = "nl"


def msgids(po_path):
    ids, current, in_id = set(), [], False
    for line in po_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, in_id = [line[6:].strip('"')], True
        elif line.startswith('"') and in_id:
            current.append(line.strip('"'))
        else:
            if in_id and "".join(current):
                ids.add("".join(current))
            in_id = False
    if in_id and "".join(current):
        ids.add("".join(current))
    return ids


IGNORE = shutil.ignore_patterns(
    ".venv",
    ".venv-next",
    "node_modules",
    ".git",
    "media",
    "private-media",
    "staticfiles",
    "db.sqlite3*",
)


def untranslated():
    """One line per catalogue (the source's aside) with untranslated or fuzzy entries."""
    import polib

    problems = []
    for code in LANGUAGES:
        path = LOCALE / code / "LC_MESSAGES" / "django.po"
        if code == SOURCE or not path.exists():
            continue
        catalogue = polib.pofile(str(path))
        open_entries = [
            entry.msgid
            for entry in catalogue
            if not entry.obsolete
            and (
                "fuzzy" in entry.flags
                or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
                or (not entry.msgid_plural and not entry.msgstr)
            )
        ]
        if open_entries:
            problems.append(
                f"{code}: {len(open_entries)} strings not translated, e.g. {open_entries[:3]}"
            )
    return problems


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # makemessages writes into the tree it scans, so it scans a scratch copy.
        scratch = Path(tmp) / "tree"
        shutil.copytree(ROOT, scratch, ignore=IGNORE)
        args = [sys.executable, "manage.py", "makemessages", "--no-location", "-v0"]
        args += [f"-l{code}" for code in LANGUAGES]
        args += ["--ignore=tests/*", "--ignore=bench/*"]
        subprocess.run(args, cwd=scratch, env={**os.environ}, check=True)
        problems = []
        for code in LANGUAGES:
            committed = LOCALE / code / "LC_MESSAGES" / "django.po"
            fresh = scratch / "portal" / "locale" / code / "LC_MESSAGES" / "django.po"
            have = msgids(committed) if committed.exists() else set()
            missing = msgids(fresh) - have
            if missing:
                problems.append(
                    f"{code}: {len(missing)} strings missing, e.g. {sorted(missing)[:3]}"
                )
        problems += untranslated()
    if problems:
        print(
            "Catalogues incomplete (run `make messages`, then translate):\n  "
            + "\n  ".join(problems)
        )
        return 1
    print("Catalogues complete for " + ", ".join(LANGUAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
