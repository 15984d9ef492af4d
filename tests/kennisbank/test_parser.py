"""The sheet parser on sheets in every variation partners send, and on broken files."""

import pytest

from kennisbank.importer.parser import (
    Block,
    SheetError,
    blocks_to_html,
    decode,
    find_email_phone,
    parse,
    split_name_role,
    tel_href,
)
from tests.kennisbank.sheets import KAPELLEN, MARKDOWN


def all_text(sheet):
    """Every string in the sheet, to check that nothing dirty got through."""
    parts = [sheet.title, sheet.image_name, sheet.image_credit, sheet.municipality, *sheet.lead]
    parts += [*sheet.tips, *sheet.obstacles]
    for blocks in (
        sheet.goal,
        sheet.reach,
        sheet.side_effect_target_group,
        sheet.side_effect_partners,
        sheet.side_effect_other,
    ):
        for block in blocks:
            parts += [block.text, *block.items]
    for section in sheet.extra_sections:
        parts.append(section.heading)
        for block in section.blocks:
            parts += [block.text, *block.items]
    c = sheet.contact
    parts += [c.name, c.role, c.email, c.phone]
    return "\n".join(parts)


def test_the_example_sheet_fills_every_field():
    sheet = parse(KAPELLEN)
    assert sheet.image_name == "kapellen-oudercafe.jpg"
    assert sheet.image_credit == "Provider image"
    assert sheet.lead == ["Ouders praten bij een kop koffie over wat hen bezighoudt."]
    assert sheet.title == "Kapellen: een oudercafé in de kinderopvang"
    assert sheet.municipality == "Kapellen"
    assert sheet.goal == [
        Block(
            text="Twee keer per maand is de kinderopvang open voor een oudercafé. Een "
            "medewerker van het sociaal huis schuift aan en beantwoordt vragen."
        ),
        Block(items=["Ouders leren de diensten kennen.", "Vragen komen vroeg op tafel."]),
    ]
    assert sheet.reach == [Block(text="Vijftien ouders per keer, ook grootouders.")]
    assert sheet.side_effect_target_group == [Block(text="Ouders leren andere ouders kennen.")]
    assert sheet.side_effect_partners == [
        Block(text="De kinderopvang hoort sneller waar gezinnen mee worstelen.")
    ]
    assert sheet.side_effect_other == []
    assert sheet.obstacles == ["Een vaste medewerker vrijmaken lukt niet altijd."]
    assert sheet.tips == ["Zorg voor koffie en iets lekkers.", "Hang een affiche met foto's op."]
    assert sheet.contact.name == "An Smets"
    assert sheet.contact.role == "coördinator kinderopvang"
    assert sheet.contact.email == "an.smets@kapellen.example"
    assert sheet.contact.phone == "03 123 45 67"
    assert sheet.extra_sections == []


def test_markdown_plural_headings_other_bullets_and_unknown_sections():
    sheet = parse(MARKDOWN)
    assert sheet.title == "Eettafel met inspraak"
    assert sheet.municipality == "Boom"
    assert sheet.image_name == ""
    assert sheet.lead == [
        "Een vaste avond waarop gezinnen samen koken en eten.",
        "Wie mee-eet, denkt ook mee over de werking van het OCMW.",
    ]
    assert sheet.goal == [Block(text="Samen eten verlaagt de drempel om te praten.")]
    assert sheet.side_effect_target_group == [
        Block(items=["Gezinnen komen uit hun isolement.", "Kinderen spelen samen."])
    ]
    assert sheet.side_effect_partners == [Block(text="Signalen komen sneller binnen.")]
    assert sheet.obstacles == ["Vervoer naar de zaal.", "Een zaal met een keuken vinden."]
    assert sheet.tips == [
        "Vraag een ervaringsdeskundige om mee te koken.",
        "Koppel elke keer terug wat er met de inbreng gebeurt.",
    ]
    assert sheet.contact.name == "Youssef El Amrani"
    assert sheet.contact.role == "opbouwwerker"
    assert sheet.contact.phone == "0470 12 34 56"
    assert sheet.contact.email == ""
    headings = [section.heading for section in sheet.extra_sections]
    assert headings == ["Kostprijs", "Meer"]
    assert sheet.extra_sections[0].blocks == [
        Block(text="Ongeveer 60 euro per avond voor de boodschappen.")
    ]
    assert sheet.extra_sections[1].blocks == [
        Block(text="Meer info op de website van het sociaal huis.")
    ]


def test_windows_line_ends_nbsp_curly_quotes_and_stray_blank_lines_are_cleaned():
    dirty = (
        KAPELLEN.replace("\n", "\r\n")
        .replace(
            "Hang een affiche met foto's op.", "Hang een \u201caffiche\u201d met foto\u2019s op."
        )
        .replace("Vijftien ouders", "Vijftien\u00a0ouders\u00a0\u00a0")
        .replace("Bereik", "\u00a0Bereik\u00a0")
        .replace("\r\n\r\n", "\r\n\r\n\r\n\r\n")
        .replace("Zorg voor koffie", "Zorg\u200b voor\tkoffie")
    )
    sheet = parse("\ufeff" + dirty)
    text = all_text(sheet)
    for bad in ("\r", "\u00a0", "\u201c", "\u201d", "\u2019", "\u200b", "\t", "\ufeff", "  "):
        assert bad not in text, repr(bad)
    assert sheet.tips == ["Zorg voor koffie en iets lekkers.", 'Hang een "affiche" met foto\'s op.']
    assert sheet.reach == [Block(text="Vijftien ouders per keer, ook grootouders.")]
    assert sheet.title == "Kapellen: een oudercafé in de kinderopvang"


def test_old_mac_line_ends_also_work():
    assert parse(KAPELLEN.replace("\n", "\r")).tips == parse(KAPELLEN).tips


@pytest.mark.parametrize("bullet", ["\u2022", "-", "*", "\u2013"])
def test_every_bullet_character_makes_a_list_item(bullet):
    sheet = parse(KAPELLEN.replace(" \u2022 ", f"{bullet} "))
    assert sheet.tips == ["Zorg voor koffie en iets lekkers.", "Hang een affiche met foto's op."]
    assert sheet.goal[1] == Block(
        items=["Ouders leren de diensten kennen.", "Vragen komen vroeg op tafel."]
    )


@pytest.mark.parametrize("bullet", ["\uf0b7", "\uf0a7", "\uf0d8", "\uf076", "\uf0fc"])
def test_words_symbol_font_bullets_make_list_items_and_leave_no_trace(bullet):
    """Word saved as text writes bullets of the Symbol and Wingdings fonts as
    private-use characters (a box in any other font)."""
    sheet = parse(KAPELLEN.replace(" \u2022 ", f"{bullet}\t"))
    assert sheet.tips == ["Zorg voor koffie en iets lekkers.", "Hang een affiche met foto's op."]
    assert sheet.goal[1] == Block(
        items=["Ouders leren de diensten kennen.", "Vragen komen vroeg op tafel."]
    )
    stray = parse(KAPELLEN.replace("Vijftien ouders", "Vijftien\uf020ouders\ue000"))
    assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in all_text(stray))


@pytest.mark.parametrize(
    ("singular", "plural"),
    [("Hindernis", "Hindernissen"), ("Tip", "Tips"), ("Neveneffect", "Neveneffecten")],
)
def test_singular_and_plural_headings_mean_the_same(singular, plural):
    one = parse(KAPELLEN)
    other = parse(KAPELLEN.replace(f"\n{singular}\n", f"\n{plural}\n"))
    assert one == other


@pytest.mark.parametrize("style", ["## {}", "# {}", "### {} ###", "**{}**", "{}:", "{}"])
def test_heading_styles(style):
    text = KAPELLEN
    for heading in ("Doelstelling", "Bereik", "Neveneffect", "Hindernis", "Tip", "Meer"):
        text = text.replace(f"\n{heading}\n", "\n" + style.format(heading) + "\n")
    sheet = parse(text)
    assert sheet.title == "Kapellen: een oudercafé in de kinderopvang"
    assert sheet.tips == ["Zorg voor koffie en iets lekkers.", "Hang een affiche met foto's op."]
    assert sheet.contact.name == "An Smets"


@pytest.mark.parametrize("number", ["{n}. ", "{n}) ", "{n} - ", "{roman}. ", "## {n}. ", "**{n}. "])
def test_numbered_headings_are_headings(number):
    """Sheets written in Word often number their sections."""
    text = KAPELLEN
    headings = ("Doelstelling", "Bereik", "Neveneffect", "Hindernis", "Tip", "Meer")
    for n, heading in enumerate(headings, start=1):
        prefix = number.format(n=n, roman=["I", "II", "III", "IV", "V", "VI"][n - 1])
        suffix = "**" if prefix.startswith("**") else ""
        text = text.replace(f"\n{heading}\n", f"\n{prefix}{heading}{suffix}\n")
    assert parse(text) == parse(KAPELLEN)


def test_a_numbered_line_in_a_section_stays_text():
    text = KAPELLEN.replace(
        "Vijftien ouders per keer, ook grootouders.",
        "1. Koffie\n\nVijftien ouders per keer, ook grootouders.",
    )
    sheet = parse(text)
    assert sheet.extra_sections == []
    assert sheet.reach[0].items == ["Koffie"]  # the item of a numbered list
    assert sheet.reach[1].text == "Vijftien ouders per keer, ook grootouders."


def test_a_markdown_title_may_come_before_the_lead():
    text = (
        "# Mortsel: het buurtontbijt\n\nElke zaterdag ontbijten buren samen.\n\n"
        "## Tip\n\n- Vraag de bakker.\n"
    )
    sheet = parse(text)
    assert sheet.title == "Mortsel: het buurtontbijt"
    assert sheet.lead == ["Elke zaterdag ontbijten buren samen."]
    assert sheet.municipality == "Mortsel"


def test_unknown_headings_are_kept_with_their_text():
    text = KAPELLEN.replace(
        "Meer\n", "Evaluatie\n\nDe ouders gaven het oudercafé een 8 op 10.\n\nMeer\n"
    )
    sheet = parse(text)
    assert [s.heading for s in sheet.extra_sections] == ["Evaluatie"]
    assert sheet.extra_sections[0].blocks == [
        Block(text="De ouders gaven het oudercafé een 8 op 10.")
    ]
    assert sheet.contact.name == "An Smets"


def test_a_short_sentence_in_a_section_is_not_taken_for_a_heading():
    text = KAPELLEN.replace(
        "Vijftien ouders per keer, ook grootouders.",
        "Vijftien ouders per keer\n\nook grootouders zijn welkom.",
    )
    sheet = parse(text)
    assert sheet.extra_sections == []
    assert [b.text for b in sheet.reach] == [
        "Vijftien ouders per keer",
        "ook grootouders zijn welkom.",
    ]


def test_a_short_unknown_heading_of_three_words_is_a_section():
    text = KAPELLEN.replace("Meer\n", "Wat het kost\n\nNiets, de zaal is gratis.\n\nMeer\n")
    assert [s.heading for s in parse(text).extra_sections] == ["Wat het kost"]


def test_municipality_line_wins_over_the_title_and_is_not_in_the_lead():
    text = "Municipality: Niel\n\n" + KAPELLEN.replace(
        "Provider image\n", "Provider image\n\nGemeente: Schelle\n"
    )
    sheet = parse(text.replace("Municipality: Niel\n\n", ""))
    assert sheet.municipality == "Schelle"
    english = parse(KAPELLEN.replace("\nKapellen: een", "\nMunicipality: Niel\n\nKapellen: een"))
    assert english.municipality == "Niel"
    assert all("Niel" not in lead for lead in english.lead)


def test_a_title_without_municipality_prefix_gives_no_municipality():
    sheet = parse(KAPELLEN.replace("Kapellen: een oudercafé", "Een oudercafé"))
    assert sheet.municipality == ""


def test_image_credit_on_its_own_paragraph():
    text = KAPELLEN.replace(
        "kapellen-oudercafe.jpg\nProvider image", "Foto.JPG\n\nFoto: Jan Peeters"
    )
    sheet = parse(text)
    assert sheet.image_name == "Foto.JPG"
    assert sheet.image_credit == "Jan Peeters"  # the label is the page's job
    assert sheet.lead == ["Ouders praten bij een kop koffie over wat hen bezighoudt."]


def test_without_image_line_the_first_paragraph_is_lead():
    sheet = parse(KAPELLEN.replace("kapellen-oudercafe.jpg\nProvider image\n\n", ""))
    assert sheet.image_name == ""
    assert sheet.image_credit == ""
    assert sheet.lead == ["Ouders praten bij een kop koffie over wat hen bezighoudt."]


def test_a_sheet_without_lead_has_a_title_only():
    sheet = parse("Niel: de babbelbank\n\nTip\n\n- Zet de bank in de zon.\n")
    assert sheet.title == "Niel: de babbelbank"
    assert sheet.lead == []


def test_side_effects_without_prefix_are_kept_as_other():
    text = KAPELLEN.replace(
        "Voor de doelgroep: ouders leren andere ouders kennen.",
        "Het oudercafé werd ook een plek voor grootouders.",
    )
    sheet = parse(text)
    assert sheet.side_effect_other == [
        Block(text="Het oudercafé werd ook een plek voor grootouders.")
    ]
    assert sheet.side_effect_target_group == []


def test_wrapped_bullets_are_joined():
    text = KAPELLEN.replace(
        " • Zorg voor koffie en iets lekkers.", " • Zorg voor koffie en\n   iets lekkers."
    )
    assert parse(text).tips[0] == "Zorg voor koffie en iets lekkers."


def test_tip_paragraphs_without_bullets_are_tips_too():
    text = KAPELLEN.replace(
        " • Zorg voor koffie en iets lekkers.\n • Hang een affiche met foto's op.",
        "Zorg voor koffie.\n\nHang een affiche op.",
    )
    assert parse(text).tips == ["Zorg voor koffie.", "Hang een affiche op."]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("An Smets, coördinator kinderopvang", ("An Smets", "coördinator kinderopvang")),
        ("An Smets - coördinator", ("An Smets", "coördinator")),
        ("An Smets \u2013 coördinator", ("An Smets", "coördinator")),
        ("An Smets (coördinator)", ("An Smets", "coördinator")),
        ("An Smets", ("An Smets", "")),
    ],
)
def test_contact_person_name_and_role(value, expected):
    assert split_name_role(value) == expected


@pytest.mark.parametrize(
    ("value", "email", "phone"),
    [
        ("an.smets@kapellen.example of 03 123 45 67", "an.smets@kapellen.example", "03 123 45 67"),
        ("An.Smets@Kapellen.example", "an.smets@kapellen.example", ""),
        ("tel. 0470/12.34.56", "", "0470/12.34.56"),
        ("+32 3 123 45 67 (na 14 uur)", "", "+32 3 123 45 67"),
        ("bel gerust", "", ""),
    ],
)
def test_contact_data_email_and_phone(value, email, phone):
    assert find_email_phone(value) == (email, phone)


def test_separate_email_and_phone_lines_fill_the_contact():
    text = KAPELLEN.replace(
        "Contactgegevens: an.smets@kapellen.example of 03 123 45 67",
        "E-mail: an@kapellen.example\n\nTelefoon: 03 555 66 77",
    )
    contact = parse(text).contact
    assert (contact.email, contact.phone) == ("an@kapellen.example", "03 555 66 77")


@pytest.mark.parametrize(
    ("phone", "href"),
    [("03 123 45 67", "+3231234567"), ("+32 470 12 34 56", "+32470123456"), ("0032 3 1", "+3231")],
)
def test_phone_numbers_become_tel_links(phone, href):
    assert tel_href(phone) == href


def test_preamble_keys_collect_taxonomy_names():
    text = KAPELLEN.replace(
        "Provider image\n",
        "Provider image\n\nThema's: Toegang; Samenwerking\n\nDoelgroep: Ouders\n\n"
        "Organisatie: Sociaal huis Kapellen\n\nMethodes: Oudercafé\n",
    )
    sheet = parse(text)
    assert sheet.themes == ["Toegang", "Samenwerking"]
    assert sheet.target_groups == ["Ouders"]
    assert sheet.organisation == "Sociaal huis Kapellen"
    assert sheet.methods == ["Oudercafé"]
    assert sheet.lead == ["Ouders praten bij een kop koffie over wat hen bezighoudt."]


@pytest.mark.parametrize(
    ("line", "attribute", "names"),
    [
        ("Methoden: Oudercafé, Buddywerking", "methods", ["Oudercafé", "Buddywerking"]),
        ("Methodiek: Oudercafé", "methods", ["Oudercafé"]),
        ("Thema\u2019s: Wonen", "themes", ["Wonen"]),
        ("THEMA: Wonen", "themes", ["Wonen"]),
    ],
)
def test_other_spellings_of_the_preamble_keys(line, attribute, names):
    sheet = parse(KAPELLEN.replace("Provider image\n", f"Provider image\n\n{line}\n"))
    assert getattr(sheet, attribute) == names
    assert line not in " ".join(sheet.lead)


def test_blocks_become_escaped_html():
    html = blocks_to_html([Block(text="Koffie & <taart>"), Block(items=["a", "b"])])
    assert html == "<p>Koffie &amp; &lt;taart&gt;</p><ul><li>a</li><li>b</li></ul>"


def test_the_fingerprint_changes_with_the_content_only():
    assert parse(KAPELLEN).fingerprint() == parse(KAPELLEN.replace("\n", "\r\n")).fingerprint()
    assert parse(KAPELLEN).fingerprint() != parse(KAPELLEN.replace("koffie", "thee")).fingerprint()


# --- Broken sheets ------------------------------------------------------------------


def test_no_title_is_refused():
    with pytest.raises(SheetError, match="titel"):
        parse("Doelstelling\n\nIets doen.\n\nTip\n\n- Een tip.\n")


def test_only_an_image_line_is_no_title():
    with pytest.raises(SheetError, match="titel"):
        parse("foto.jpg\nFoto: iemand\n\nDoelstelling\n\nIets doen.\n")


@pytest.mark.parametrize("text", ["", "   \n\n\u00a0\n", "\ufeff"])
def test_empty_file_is_refused(text):
    with pytest.raises(SheetError, match="Leeg"):
        parse(text)


def test_text_without_any_heading_is_not_a_sheet():
    with pytest.raises(SheetError, match="kop"):
        parse("Dit is gewoon een brief.\n\nMet vriendelijke groeten.\n")


def test_a_title_of_a_whole_page_is_refused():
    with pytest.raises(SheetError, match="te lang"):
        parse(("woord " * 80) + "\n\nTip\n\n- een tip\n")


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00" * 20,
        b"PK\x03\x04rest-of-a-zip",
        b"%PDF-1.7\n...",
        b"\x89PNG\r\n\x1a\n",
        bytes(range(1, 32)) * 10,
    ],
)
def test_binary_files_are_refused(data):
    with pytest.raises(SheetError, match="Binair"):
        decode(data)


def test_unknown_encoding_is_refused_not_guessed():
    latin1 = KAPELLEN.encode("cp1252", errors="replace")
    with pytest.raises(SheetError, match="UTF-8"):
        decode(latin1)


def test_utf8_with_bom_and_utf16_are_read():
    assert parse(decode(KAPELLEN.encode("utf-8-sig"))).title.startswith("Kapellen")
    assert parse(decode(KAPELLEN.encode("utf-16"))).title.startswith("Kapellen")


def test_a_huge_file_is_refused():
    with pytest.raises(SheetError, match="te groot"):
        decode(b"a" * (3 * 1024 * 1024))
