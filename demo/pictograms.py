"""Pictograms for the demo's easy-read texts, drawn in code with Pillow.

Ten flat pictures with thick dark outlines on white, in the portal's colours: a bill,
a coin, a calendar, a mobile phone, people talking, a question, a child with a school
bag, a ball, a bowl of soup and a clock. Drawing them here keeps the demo free of
images whose licence we would have to check, and every run gives the same files.

``ensure_pictograms`` stores them as Wagtail images in the collection "Pictogrammen",
looked up by title, so loading the demo twice adds nothing. In the demo's texts a
pictogram block names its picture (``{"image": "soep", ...}``); ``with_pictograms``
swaps the names for the stored images just before the blocks are saved, and
``add_pictograms`` gives them to demo pages made before the demo had pictograms.
"""

import io
import math
from collections.abc import Iterable

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

COLLECTION = "Pictogrammen"
SIZE = 240  # pixels of the stored square PNG
_SCALE = 4  # drawn four times larger, then reduced: smooth edges without a vector library

INK = "#1d2433"
BRAND = "#0b5c8c"
BRAND_SOFT = "#d3e6f2"
ACCENT = "#d9541e"
ACCENT_SOFT = "#fdebd9"
GOLD = "#f2c14e"
PAPER = "#ffffff"
LINE = 12  # outline width, in pixels of the stored image


class _Pen:
    """ImageDraw on the large canvas, with coordinates in pixels of the stored image."""

    def __init__(self, draw):
        self.draw = draw

    @staticmethod
    def _box(box):
        return [round(v * _SCALE) for v in box]

    @staticmethod
    def _width(width):
        return round(width * _SCALE)

    def rect(self, box, fill=PAPER, radius=10, width=LINE):
        self.draw.rounded_rectangle(
            self._box(box), radius * _SCALE, fill=fill, outline=INK, width=self._width(width)
        )

    def circle(self, centre, radius, fill=PAPER, width=LINE):
        x, y = centre
        box = self._box((x - radius, y - radius, x + radius, y + radius))
        self.draw.ellipse(box, fill=fill, outline=INK if width else None, width=self._width(width))

    def polygon(self, points, fill=PAPER, width=LINE):
        flat = self._box([v for point in points for v in point])
        outline = INK if width else None
        self.draw.polygon(flat, fill=fill, outline=outline, width=self._width(width))

    def line(self, points, colour=INK, width=LINE):
        flat = self._box([v for point in points for v in point])
        self.draw.line(flat, fill=colour, width=self._width(width), joint="curve")
        for point in (points[0], points[-1]):  # round caps
            self.circle(point, width / 2, fill=colour, width=0)

    def arc(self, centre, radius, start, end, colour=INK, width=LINE):
        x, y = centre
        box = self._box((x - radius, y - radius, x + radius, y + radius))
        self.draw.arc(box, start, end, fill=colour, width=self._width(width))

    def clear_outside(self, centre, radius):
        """Paint white everything between the circle and the edges of the picture."""
        far = SIZE  # beyond every corner
        x, y = centre
        box = self._box((x - radius - far, y - radius - far, x + radius + far, y + radius + far))
        self.draw.ellipse(box, outline=PAPER, width=self._width(far))

    def pieslice(self, centre, radius, start, end, fill):
        x, y = centre
        box = self._box((x - radius, y - radius, x + radius, y + radius))
        self.draw.pieslice(box, start, end, fill=fill)


def _point(centre, radius, degrees):
    """A point on a circle; degrees clockwise from three o'clock, as Pillow counts."""
    x, y = centre
    angle = math.radians(degrees)
    return (x + radius * math.cos(angle), y + radius * math.sin(angle))


def _euro(pen, centre, radius, colour):
    pen.arc(centre, radius, 45, 315, colour=colour, width=radius * 0.3)
    x, y = centre
    for dy in (-0.2, 0.2):
        pen.line(
            [(x - radius * 1.3, y + dy * radius), (x + radius * 0.25, y + dy * radius)],
            colour=colour,
            width=radius * 0.2,
        )


def _balloon(pen, box, tail, fill):
    """A speech balloon: a rounded box with a pointed tail. ``tail`` is (base, tip,
    base), the bases on the box's bottom edge, so the tail covers the edge between them."""
    pen.rect(box, fill=fill, radius=28)
    pen.polygon(tail, fill=fill, width=0)
    pen.line(tail)


def draw_bill(pen):
    pen.polygon([(50, 24), (160, 24), (190, 54), (190, 216), (50, 216)])
    pen.polygon([(160, 24), (160, 54), (190, 54)], fill=BRAND_SOFT)
    for y in (66, 96):
        pen.line([(76, y), (140, y)], width=10)
    pen.circle((140, 160), 34, fill=ACCENT_SOFT, width=0)
    _euro(pen, (146, 160), 24, ACCENT)


def draw_coin(pen):
    pen.circle((120, 120), 92, fill=GOLD)
    pen.circle((120, 120), 70, fill=GOLD, width=5)
    _euro(pen, (128, 120), 40, INK)


def draw_calendar(pen):
    pen.rect((28, 44, 212, 212), radius=16)
    pen.rect((28, 44, 212, 92), fill=ACCENT, radius=16)
    for x in (76, 164):
        pen.line([(x, 24), (x, 62)], width=14)
    for row, y in enumerate((112, 158)):
        for column, x in enumerate((46, 100, 154)):
            fill = BRAND if (row, column) == (1, 1) else BRAND_SOFT
            pen.rect((x, y, x + 40, y + 36), fill=fill, radius=6, width=0)


def draw_phone(pen):
    pen.rect((56, 20, 150, 220), fill=INK, radius=20)
    pen.rect((68, 44, 138, 180), fill=BRAND_SOFT, radius=4, width=0)
    pen.circle((103, 200), 8, fill=PAPER, width=0)
    for radius in (30, 56):  # sound coming out of the phone
        pen.arc((150, 84), radius, -50, 50, colour=ACCENT, width=12)


def draw_talking(pen):
    _balloon(pen, (20, 28, 160, 120), [(48, 112), (36, 156), (88, 112)], BRAND)
    for x in (60, 90, 120):
        pen.circle((x, 74), 9, fill=PAPER, width=0)
    _balloon(pen, (84, 120, 220, 196), [(176, 188), (200, 224), (196, 188)], ACCENT_SOFT)
    for y in (146, 170):
        pen.line([(110, y), (194, y)], width=9)


def draw_question(pen):
    _balloon(pen, (24, 20, 216, 176), [(70, 168), (52, 222), (118, 168)], BRAND_SOFT)
    centre, radius = (120, 70), 30
    pen.arc(centre, radius, 180, 405, width=16)
    end = _point(centre, radius, 45)
    pen.line([end, (120, 112), (120, 124)], width=16)
    pen.circle((120, 150), 10, fill=INK, width=0)


def draw_child(pen):
    pen.line([(102, 160), (96, 216)], width=16)  # legs
    pen.line([(138, 160), (144, 216)], width=16)
    pen.polygon([(92, 100), (148, 100), (160, 170), (80, 170)], fill=BRAND)
    pen.line([(96, 110), (66, 150)], width=14)  # the arm that carries the bag
    pen.line([(144, 110), (168, 146)], width=14)
    pen.circle((120, 62), 34, fill=ACCENT_SOFT)
    pen.arc((66, 150), 16, 180, 360, width=8)  # handle
    pen.rect((34, 150, 98, 204), fill=ACCENT, radius=10)
    pen.line([(34, 170), (98, 170)], width=8)


def draw_ball(pen):
    centre, radius = (120, 120), 92
    pen.circle(centre, radius)
    patches = [centre] + [_point(centre, 84, -90 + 72 * k) for k in range(5)]
    for k in range(5):
        pen.line([_point(centre, 32, -90 + 72 * k), _point(centre, 84, -90 + 72 * k)], width=8)
    for index, patch in enumerate(patches):
        size = 30 if index == 0 else 22
        pen.polygon([_point(patch, size, -90 + 72 * k) for k in range(5)], fill=INK, width=0)
    pen.clear_outside(centre, radius)  # the outer patches end at the ball's edge
    pen.circle(centre, radius, fill=None)


def draw_soup(pen):
    for x in (70, 104, 138):  # steam
        wave = [(x + 10 * math.sin(t / 3), 96 - 8 * t) for t in range(9)]
        pen.line(wave, colour=BRAND, width=9)
    pen.line([(160, 112), (212, 70)], width=14)  # spoon
    pen.pieslice((120, 116), 96, 0, 180, fill=INK)
    pen.pieslice((120, 116), 84, 0, 180, fill=BRAND)
    pen.rect((18, 104, 222, 124), fill=ACCENT, radius=10)
    pen.rect((84, 204, 156, 220), fill=INK, radius=6, width=0)


def draw_clock(pen):
    centre = (120, 120)
    pen.circle(centre, 96)
    pen.pieslice(centre, 84, -90, 90, fill=BRAND_SOFT)  # the half hour
    for hour in range(12):
        inner = 64 if hour % 3 == 0 else 72
        pen.line(
            [_point(centre, inner, 30 * hour), _point(centre, 82, 30 * hour)],
            width=10 if hour % 3 == 0 else 6,
        )
    pen.line([centre, _point(centre, 70, 90)], width=12)  # half past ten
    pen.line([centre, _point(centre, 44, 225)], width=16)
    pen.circle(centre, 12, fill=INK, width=0)


# name: (title, Dutch description of what the picture shows, drawing function)
PICTOGRAMS = {
    "rekening": ("Pictogram rekening", "Een blad papier met een euroteken", draw_bill),
    "geld": ("Pictogram geld", "Een gouden geldstuk met een euroteken", draw_coin),
    "kalender": ("Pictogram kalender", "Een kalender met één dag in het blauw", draw_calendar),
    "telefoon": ("Pictogram telefoon", "Een gsm die geluid maakt", draw_phone),
    "praten": (
        "Pictogram praten",
        "Twee tekstballonnen: twee mensen praten met elkaar",
        draw_talking,
    ),
    "vraag": ("Pictogram vraag", "Een tekstballon met een vraagteken", draw_question),
    "kind": ("Pictogram kind", "Een kind met een boekentas in de hand", draw_child),
    "bal": ("Pictogram bal", "Een voetbal", draw_ball),
    "soep": ("Pictogram soep", "Een kom warme soep met een lepel", draw_soup),
    "klok": ("Pictogram klok", "Een klok met een half uur in het blauw", draw_clock),
}


def render(name):
    """The PNG bytes of the pictogram ``name``."""
    draw = PICTOGRAMS[name][2]
    canvas = Image.new("RGB", (SIZE * _SCALE, SIZE * _SCALE), PAPER)
    draw(_Pen(ImageDraw.Draw(canvas)))
    out = io.BytesIO()
    canvas.resize((SIZE, SIZE), Image.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()


def pictogram_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION).first()
    return existing or root.add_child(name=COLLECTION)


def ensure_pictograms(ctx):
    """The demo's pictograms by name, stored as images (only the missing ones)."""
    if ctx.pictograms:
        return ctx.pictograms
    model = get_image_model()
    collection = pictogram_collection()
    images = {}
    for name, (title, description, _draw) in PICTOGRAMS.items():
        image = model.objects.filter(collection=collection, title=title).first()
        if image is None:
            image = model(
                title=title,
                alt_text=description,
                collection=collection,
                uploaded_by_user=ctx.users.get("coordinator"),
                file=ImageFile(io.BytesIO(render(name)), name=f"pictogram-{name}.png"),
            )
            image._set_image_file_metadata()
            image.save()
            ctx.log(f"pictogram {name}")
        images[name] = image
    ctx.pictograms = images
    return images


def with_pictograms(ctx, blocks):
    """``blocks`` with the picture names in pictogram blocks replaced by the images."""
    images = ensure_pictograms(ctx)
    return [
        (kind, {**value, "image": images[value["image"]]} if kind == "pictogram" else value)
        for kind, value in blocks
    ]


# --- databases loaded before the demo had pictograms ------------------------------


def _texts(value):
    """The non-empty strings in a block value, however deeply nested."""
    if isinstance(value, str):
        return [value] if value else []
    if hasattr(value, "values"):  # dict, StructValue
        value = list(value.values())
    if isinstance(value, Iterable):
        return [text for item in value for text in _texts(item)]
    return []  # an image, None


def _shape(blocks):
    return [(kind, sorted(_texts(value))) for kind, value in blocks]


def _as_before(blocks, paragraphs):
    """``blocks`` as the demo made them before it had pictograms: a pictogram whose
    text is a paragraph of the page was that paragraph; any other one is new."""
    before = []
    for kind, value in blocks:
        if kind != "pictogram":
            before.append((kind, value))
        elif value["text"] in paragraphs:
            before.append(("paragraph", {"text": value["text"]}))
    return before


def add_pictograms(ctx, page, field_name, blocks, *, user=None):
    """Give the demo ``page`` the pictograms of ``blocks`` (its stream ``field_name``
    as the demo makes it now) when it was made before the demo had them.

    Only a page that is exactly as the older demo left it changes, and it is published
    only when it was live without unpublished changes: an editor's work stays as it is.
    """
    page = page.specific
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    current = [(block.block_type, block.value) for block in getattr(draft, field_name)]
    if not current or any(kind == "pictogram" for kind, _value in current):
        return page
    paragraphs = {value["text"] for kind, value in current if kind == "paragraph"}
    if _shape(current) != _shape(_as_before(blocks, paragraphs)):
        return page
    publish = page.live and not page.has_unpublished_changes
    setattr(draft, field_name, blocks)
    revision = draft.save_revision(user=user)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
    ctx.log(f"pictograms{'' if publish else ' (draft)'}: {page}")
    page.refresh_from_db()
    return page
