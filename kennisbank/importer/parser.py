"""Read a practice sheet ("praktijkfiche") into a ``Sheet``. Pure: no database, no files.

A sheet, as the network's partners write them::

    kapellen-oudercafe.jpg          optional: image file name
    Foto: gemeente Kapellen         optional: its credit line (right below it)

    Ouders praten bij een kop ...   the lead: one or more paragraphs
    Gemeente: Kapellen              optional, anywhere before the first heading

    Kapellen: een oudercafé ...     the title: the last paragraph before the first heading

    Doelstelling                    section headings, alone on a line, optionally as a
    ...                             Markdown heading or numbered, singular or plural

Bullets start with a bullet, hyphen, asterisk or en dash; other lines are
paragraphs (lines that follow each other without a blank line are one paragraph).
Unknown headings are kept as extra sections. Non-breaking spaces, curly quotes,
zero-width and private-use characters, Windows line ends and stray blank lines are
cleaned away; Word's Symbol and Wingdings bullets are bullets.
Broken input raises ``SheetError`` with a reason in Dutch.
"""

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from html import escape

from django.utils.translation import gettext as _

MAX_SHEET_BYTES = 2 * 1024 * 1024
MAX_TITLE_LENGTH = 200

# Known section headings (lower case, without trailing colon) -> field.
HEADINGS = {
    "doel": "goal",
    "doelen": "goal",
    "doelstelling": "goal",
    "doelstellingen": "goal",
    "bereik": "reach",
    "neveneffect": "side_effects",
    "neveneffecten": "side_effects",
    "hindernis": "obstacles",
    "hindernissen": "obstacles",
    "knelpunt": "obstacles",
    "knelpunten": "obstacles",
    "tip": "tips",
    "tips": "tips",
    "meer": "more",
    "meer informatie": "more",
    "contact": "more",
}

# "Key: value" lines of the preamble (before the first heading).
PREAMBLE_KEYS = {
    "gemeente": "municipality",
    "municipality": "municipality",
    "stad": "municipality",
    "organisatie": "organisation",
    "thema": "themes",
    "thema's": "themes",
    "themas": "themes",
    "doelgroep": "target_groups",
    "doelgroepen": "target_groups",
    "methode": "methods",
    "methodes": "methods",
    "methoden": "methods",
    "methodiek": "methods",
    "methodieken": "methods",
}

IMAGE_LINE = re.compile(r"^[^\s/\\]+\.(jpe?g|png|webp|gif)$", re.IGNORECASE)
CREDIT_LABEL = re.compile(r"^(foto|beeld|bron|credit)\s*:\s*", re.IGNORECASE)
CREDIT_START = re.compile(r"^(foto|beeld|bron|©|\(c\)|copyright|provider|credit)", re.IGNORECASE)
BULLET = re.compile("^(?:[\u2022\\-*\u2013\u2014\u00b7\u25aa\u25cf\u25e6\u2023]|\\d{1,2}[.)])\\s+")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
RULE = re.compile(r"^([-=_*])\1{2,}$")
EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1:?$")
# A section number before a heading: "2. Bereik", "3) Tips", "IV. Meer", "1 - Doel".
SECTION_NUMBER = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})(?:[.)]|\s+[-\u2013])\s+(.+)$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+|\b0)[\d\s/.()-]{7,}\d")
SIDE_EFFECT_PREFIX = re.compile(
    r"^voor (?:de )?(doelgroep|netwerkpartners|partners|netwerk|organisatie|organisaties)\s*:\s*",
    re.IGNORECASE,
)

# Characters that must never reach the content.
TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,  # byte-order mark
        "\u00ad": None,  # soft hyphen
        # Word saved as text keeps the Symbol and Wingdings fonts' bullets as
        # private-use characters: they are bullets. (Other private-use characters are
        # dropped in ``clean_line``: no font but the one they came from can show them.)
        "\uf0b7": "\u2022",  # Symbol: bullet
        "\uf0a7": "\u2022",  # Wingdings: square
        "\uf0d8": "\u2022",  # Wingdings: arrowhead
        "\uf076": "\u2022",  # Wingdings: diamond
        "\uf0fc": "\u2022",  # Wingdings: check mark
        "\uf0a8": "\u2022",  # Wingdings: box
        "\uf020": " ",  # Symbol: space
    }
)


class SheetError(ValueError):
    """The file cannot be read as a practice sheet; the message says why, in Dutch."""


@dataclass
class Block:
    """A paragraph (``items`` empty) or a bullet list (``text`` empty)."""

    text: str = ""
    items: list = field(default_factory=list)


@dataclass
class Section:
    heading: str
    blocks: list = field(default_factory=list)


@dataclass
class Contact:
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class Sheet:
    title: str
    lead: list = field(default_factory=list)
    image_name: str = ""
    image_credit: str = ""
    municipality: str = ""
    organisation: str = ""
    themes: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)
    methods: list = field(default_factory=list)
    goal: list = field(default_factory=list)
    reach: list = field(default_factory=list)
    side_effect_target_group: list = field(default_factory=list)
    side_effect_partners: list = field(default_factory=list)
    side_effect_other: list = field(default_factory=list)
    obstacles: list = field(default_factory=list)
    tips: list = field(default_factory=list)
    contact: Contact = field(default_factory=Contact)
    extra_sections: list = field(default_factory=list)

    @property
    def lead_text(self):
        return "\n\n".join(self.lead)

    def fingerprint(self):
        """A stable hash of everything the sheet says."""
        data = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


# --- Decoding ------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Bytes of a .txt/.md sheet to text. UTF-8 (with or without BOM) or UTF-16 with
    a BOM; anything else is refused rather than guessed."""
    if len(data) > MAX_SHEET_BYTES:
        raise SheetError(_("Bestand te groot voor een praktijkfiche (meer dan 2 MB)."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SheetError(_("Onleesbaar UTF-16-bestand.")) from error
    if b"\x00" in data or data.startswith((b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8")):
        raise SheetError(_("Binair bestand: dit is geen tekstbestand."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(
            _("Onbekende tekencodering: sla het bestand op als UTF-8 (byte %(pos)s).")
            % {"pos": error.start}
        ) from error
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(4, len(text) // 100):
        raise SheetError(_("Binair bestand: dit is geen tekstbestand."))
    return text


def clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line.translate(TRANSLATE))
    line = "".join(ch for ch in line if unicodedata.category(ch) not in ("Cc", "Co"))
    return re.sub(r" {2,}", " ", line).strip()


# --- Paragraphs ------------------------------------------------------------------


@dataclass
class _Para:
    lines: list
    bullets: list
    level: int = 0  # Markdown heading level, 0 for ordinary text

    @property
    def text(self):
        return " ".join(self.lines)


def _paragraphs(text):
    """Group cleaned lines into paragraphs; each bullet run becomes one list paragraph."""
    paras = []
    current = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        line = clean_line(raw)
        if not line or RULE.match(line):
            current = None
            continue
        heading = MARKDOWN_HEADING.match(line)
        if heading:
            title = _strip_emphasis(heading.group(2))
            if title:
                title = _numbered_heading(title) or title
                paras.append(_Para([title], [], level=len(heading.group(1))))
            current = None
            continue
        numbered = _numbered_heading(line)
        if numbered:  # a known heading, numbered: not the item of a numbered list
            paras.append(_Para([numbered], []))
            current = None
            continue
        bullet = BULLET.match(line)
        if bullet:
            item = line[bullet.end() :].strip()
            if current is None or not current.bullets or current.lines:
                current = _Para([], [])
                paras.append(current)
            if item:
                current.bullets.append(item)
            continue
        if current is not None and current.bullets:
            # A wrapped bullet: the line continues the last item.
            current.bullets[-1] = f"{current.bullets[-1]} {line}".strip()
            continue
        if current is None:
            current = _Para([], [])
            paras.append(current)
        current.lines.append(line)
    return [p for p in paras if p.lines or p.bullets]


def _strip_emphasis(text):
    match = EMPHASIS.match(text)
    return match.group(2).strip() if match else text.strip()


def _numbered_heading(text):
    """A known heading with a section number before it, without the number; else None.
    Sheets written in Word often number their sections."""
    match = SECTION_NUMBER.match(_strip_emphasis(text))
    if match and _heading_key(match.group(1)):
        return match.group(1)
    return None


def known_heading(text):
    """Whether ``text`` is one of the sheet's section headings (with or without a
    section number before it)."""
    return bool(_heading_key(text) or _numbered_heading(text))


def _heading_key(text):
    key = _strip_emphasis(text).rstrip(":").strip().lower()
    return HEADINGS.get(key)


def _is_heading(para, next_para, seen_heading):
    """Known headings and Markdown headings anywhere; after the first heading also a
    line of at most three words that looks like a heading (capital first, no sentence
    punctuation, not ending in a colon) and is followed by text."""
    if para.bullets or len(para.lines) != 1:
        return False
    text = para.lines[0]
    if _heading_key(text):
        return True
    if para.level >= 2:
        return True
    if not seen_heading or next_para is None:
        return False
    if text.endswith(":"):
        return False  # "Voor de doelgroep:" introduces what follows
    stripped = _strip_emphasis(text).rstrip(":")
    return (
        len(stripped) <= 50
        and len(stripped.split()) <= 3
        and stripped[:1].isupper()
        and not re.search(r"[.!?;,:]", stripped)
        and _heading_key(next_para.text) is None
        and (next_para.bullets or len(next_para.text) > len(stripped))
    )


def _blocks(paras):
    return [Block(items=list(p.bullets)) if p.bullets else Block(text=p.text) for p in paras]


# --- The sheet -------------------------------------------------------------------


def parse(text: str) -> Sheet:
    """Parse the text of a sheet. Raises ``SheetError`` when it is not a sheet."""
    paras = _paragraphs(text)
    if not paras:
        raise SheetError(_("Leeg bestand: er staat geen tekst in."))

    # Split into the preamble and the sections.
    preamble, sections = [], []
    seen_heading = False
    for position, para in enumerate(paras):
        following = paras[position + 1] if position + 1 < len(paras) else None
        if para.level == 1 and not _heading_key(para.text) and not sections:
            preamble.append(para)  # a Markdown title: "# Kapellen: een oudercafé"
        elif _is_heading(para, following, seen_heading):
            seen_heading = True
            sections.append(Section(heading=_strip_emphasis(para.text).rstrip(":").strip()))
        elif sections:
            sections[-1].blocks.append(para)
        else:
            preamble.append(para)
    if not sections:
        raise SheetError(
            _(
                "Geen enkele kop gevonden (Doelstelling, Bereik, Neveneffect, Hindernis, "
                "Tip, Meer): is dit wel een praktijkfiche?"
            )
        )

    sheet = Sheet(title="")
    _read_preamble(sheet, preamble)
    for section in sections:
        _read_section(sheet, section)
    return sheet


def _read_preamble(sheet, paras):
    # The image line and its credit.
    if paras and not paras[0].bullets and IMAGE_LINE.match(paras[0].lines[0]):
        first = paras[0]
        sheet.image_name = first.lines[0]
        rest = first.lines[1:]
        if rest:
            sheet.image_credit = rest[0]
            rest = rest[1:]
        paras = paras[1:]
        if rest:
            paras.insert(0, _Para(rest, []))
        elif (
            not sheet.image_credit
            and paras
            and not paras[0].bullets
            and len(paras) > 1
            and CREDIT_START.match(paras[0].text)
        ):
            sheet.image_credit = paras[0].text
            paras = paras[1:]

    # "Foto: An Smets" -> "An Smets"; the page says "Foto:" itself.
    sheet.image_credit = CREDIT_LABEL.sub("", sheet.image_credit).strip()

    kept = []
    for para in paras:
        remaining = []
        for line in para.lines:
            key, _sep, value = line.partition(":")
            target = PREAMBLE_KEYS.get(key.strip().lower()) if _sep else None
            if target and value.strip() and len(key) <= 20:
                _set_preamble_value(sheet, target, value.strip())
            else:
                remaining.append(line)
        if remaining or para.bullets:
            kept.append(_Para(remaining, para.bullets, level=para.level))
    if not kept:
        raise SheetError(_("Geen titel gevonden: er staat geen tekst boven de eerste kop."))
    # A Markdown title ("# ...") wins; otherwise the last paragraph is the title.
    titled = [p for p in kept if p.level == 1]
    title_para = titled[0] if titled else kept[-1]
    kept.remove(title_para)
    if title_para.bullets:
        raise SheetError(_("Geen titel gevonden: boven de eerste kop staat een opsomming."))
    title = title_para.text.strip().strip('"').rstrip(".").strip()
    if len(title) > MAX_TITLE_LENGTH:
        raise SheetError(
            _("De titel is te lang (%(n)s tekens): staat er wel een lege regel boven de kop?")
            % {"n": len(title)}
        )
    sheet.title = title
    for para in kept:
        if para.bullets:
            sheet.lead.extend(para.bullets)
        else:
            sheet.lead.append(para.text)
    if not sheet.municipality:
        sheet.municipality = municipality_from_title(title)


def _set_preamble_value(sheet, target, value):
    if target in ("municipality", "organisation"):
        setattr(sheet, target, value.rstrip("."))
    else:
        names = [v.strip().rstrip(".") for v in re.split(r"[,;]", value)]
        getattr(sheet, target).extend(n for n in names if n)


def municipality_from_title(title):
    """ "Kapellen: een oudercafé ..." names its municipality before the colon."""
    head, sep, _rest = title.partition(":")
    head = head.strip()
    if sep and head and len(head.split()) <= 3 and head[:1].isupper() and len(head) <= 40:
        return head
    return ""


def _read_section(sheet, section):
    kind = _heading_key(section.heading)
    blocks = _blocks(section.blocks)
    if kind == "goal":
        sheet.goal.extend(blocks)
    elif kind == "reach":
        sheet.reach.extend(blocks)
    elif kind == "side_effects":
        _read_side_effects(sheet, blocks)
    elif kind in ("obstacles", "tips"):
        target = getattr(sheet, kind)
        for block in blocks:
            target.extend(block.items if block.items else [block.text])
    elif kind == "more":
        _read_more(sheet, section.heading, blocks)
    elif blocks:
        sheet.extra_sections.append(Section(heading=section.heading, blocks=blocks))


def _read_side_effects(sheet, blocks):
    target = sheet.side_effect_other
    for block in blocks:
        if block.text:
            match = SIDE_EFFECT_PREFIX.match(block.text)
            if match:
                who = match.group(1).lower()
                target = (
                    sheet.side_effect_target_group
                    if who == "doelgroep"
                    else sheet.side_effect_partners
                )
                rest = block.text[match.end() :].strip()
                if rest:
                    target.append(Block(text=rest[:1].upper() + rest[1:]))
                continue
        target.append(block)


CONTACT_PERSON = re.compile(r"^(contactpersoon|contact|naam)\s*:\s*", re.IGNORECASE)
CONTACT_DATA = re.compile(
    r"^(contactgegevens|gegevens|e-?mail|mail|telefoon|tel\.?|gsm|telefoonnummer)\s*:\s*",
    re.IGNORECASE,
)


def _read_more(sheet, heading, blocks):
    rest = []
    for block in blocks:
        lines = block.items or [block.text]
        leftover = []
        for line in lines:
            person = CONTACT_PERSON.match(line)
            data = CONTACT_DATA.match(line)
            if person:
                name, role = split_name_role(line[person.end() :])
                sheet.contact.name = sheet.contact.name or name
                sheet.contact.role = sheet.contact.role or role
            elif data:
                email, phone = find_email_phone(line[data.end() :])
                sheet.contact.email = sheet.contact.email or email
                sheet.contact.phone = sheet.contact.phone or phone
            else:
                leftover.append(line)
        if leftover:
            rest.append(Block(items=leftover) if block.items else Block(text=" ".join(leftover)))
    if rest:
        sheet.extra_sections.append(Section(heading=heading, blocks=rest))


def split_name_role(value):
    """ "An Smets, coördinator kinderopvang" -> ("An Smets", "coördinator kinderopvang")."""
    value = value.strip().rstrip(".")
    for separator in (",", " - ", " \u2013 ", " \u2014 ", " ("):
        if separator in value:
            name, role = value.split(separator, 1)
            return name.strip(), role.strip().rstrip(")").strip()
    return value, ""


def find_email_phone(value):
    email_match = EMAIL.search(value)
    email = email_match.group(0).rstrip(".").lower() if email_match else ""
    without_email = EMAIL.sub(" ", value)
    phone_match = PHONE.search(without_email)
    phone = re.sub(r"\s+", " ", phone_match.group(0)).strip() if phone_match else ""
    return email, phone


def tel_href(phone):
    """A phone number as written -> the digits for a ``tel:`` link (+32 for Belgian 0…)."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+32" + digits[1:]
    return digits


# --- HTML for rich-text fields -----------------------------------------------------


def blocks_to_html(blocks):
    parts = []
    for block in blocks:
        if block.items:
            items = "".join(f"<li>{escape(item, quote=False)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        elif block.text:
            parts.append(f"<p>{escape(block.text, quote=False)}</p>")
    return "".join(parts)
