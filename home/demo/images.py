"""Demo images drawn with Pillow: a gradient, a few simple shapes and a label.

Nothing is downloaded. Each image's alt text describes what the illustration really shows, so the
demo's alt text is honest as well as present.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, ImageOps

LANDSCAPE = (1600, 900)
PORTRAIT = (800, 800)

NAVY = "#1d2b53"
BLUE = "#005eb8"
TEAL = "#00807a"
AQUA = "#41b6e6"
PURPLE = "#5b2c83"
PLUM = "#8a1538"
GREEN = "#2e7d32"
AMBER = "#ed8b00"
WHITE = "#ffffff"
LIGHT = "#e8edee"


@dataclass(frozen=True)
class ImageSpec:
    key: str
    title: str
    alt: str
    motif: str
    start: str
    end: str
    label: str


LANDSCAPES = [
    ImageSpec(
        "home-hero",
        "Home page hero: managers in partnership",
        "Illustration of five simple figures standing side by side on a blue gradient, "
        "with the words 'Managers in Partnership'.",
        "people",
        NAVY,
        BLUE,
        "Managers in Partnership",
    ),
    ImageSpec(
        "about-mip",
        "About MiP: two unions, one branch",
        "Illustration of two overlapping circles, one teal and one blue, with the words "
        "'UNISON and FDA working together'.",
        "circles",
        TEAL,
        NAVY,
        "UNISON and FDA working together",
    ),
    ImageSpec(
        "governance",
        "Governance: the National Committee",
        "Illustration of a network of connected dots on a purple gradient, with the words "
        "'Run by members, for members'.",
        "network",
        PURPLE,
        NAVY,
        "Run by members, for members",
    ),
    ImageSpec(
        "equality",
        "Equality and diversity",
        "Illustration of overlapping circles in six different colours on a teal background, "
        "with the words 'Inclusive workplaces'.",
        "circles",
        TEAL,
        GREEN,
        "Inclusive workplaces",
    ),
    ImageSpec(
        "managers-matter",
        "Managers Matter campaign",
        "Illustration of five simple figures on a plum gradient, with the words 'Managers Matter'.",
        "people",
        PLUM,
        PURPLE,
        "Managers Matter",
    ),
    ImageSpec(
        "respect-campaign",
        "Respect for NHS managers campaign (2014 to 2015)",
        "Illustration of two speech bubbles on a grey-blue gradient, with the words "
        "'Respect for NHS managers'.",
        "speech",
        NAVY,
        "#425563",
        "Respect for NHS managers",
    ),
    ImageSpec(
        "stress-survey",
        "Member survey: stress among senior managers",
        "Illustrative bar chart of five bars rising from left to right on a navy background, "
        "headed 'Member survey'. The bars show no real figures.",
        "bars",
        NAVY,
        PURPLE,
        "Member survey",
    ),
    ImageSpec(
        "pay",
        "Pay: the NHS pay review",
        "Illustration of three stacks of gold coins, each taller than the last, on a green "
        "gradient, with the words 'Fair pay for managers'.",
        "coins",
        GREEN,
        TEAL,
        "Fair pay for managers",
    ),
    ImageSpec(
        "election",
        "National Committee election",
        "Illustration of a ballot paper going into a ballot box on a blue gradient, with the "
        "words 'Stand for election'.",
        "ballot",
        BLUE,
        NAVY,
        "Stand for election",
    ),
    ImageSpec(
        "reps-training",
        "MiP at Work: workplace reps training",
        "Illustration of two speech bubbles on an aqua gradient, with the words 'Workplace reps course'.",
        "speech",
        AQUA,
        BLUE,
        "Workplace reps course",
    ),
    ImageSpec(
        "culture",
        "Opinion: leadership and culture",
        "Illustration of a network of connected dots on an amber-to-plum gradient, with the "
        "words 'Culture change'.",
        "network",
        AMBER,
        PLUM,
        "Culture change",
    ),
    ImageSpec(
        "job-cuts",
        "NHS job cuts and system change",
        "Illustration of a stack of documents on a grey-blue gradient, with the words "
        "'Organisational change'.",
        "documents",
        "#425563",
        NAVY,
        "Organisational change",
    ),
    ImageSpec(
        "maternity",
        "Pregnancy and maternity guide",
        "Illustration of three overlapping circles in warm colours on a teal gradient, with the "
        "words 'Maternity rights at work'.",
        "circles",
        TEAL,
        AQUA,
        "Maternity rights at work",
    ),
    ImageSpec(
        "summit",
        "Members' Summit: equality session",
        'Illustration of five simple figures on a purple gradient, with the words "Members\' Summit".',
        "people",
        PURPLE,
        TEAL,
        "Members' Summit",
    ),
]

PORTRAIT_COLOURS = [NAVY, TEAL, PURPLE, BLUE, PLUM, GREEN, "#425563", AMBER]
ACCENTS = [AQUA, AMBER, "#ffb81c", "#78be20", "#ae2573", WHITE]


def _font(size):
    return ImageFont.load_default(size=size)


def _gradient(size, start, end):
    ramp = Image.linear_gradient("L").rotate(90).resize(size)
    return ImageOps.colorize(ramp, start, end).convert("RGBA")


def _overlay(base, draw_shapes):
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw_shapes(ImageDraw.Draw(layer))
    return Image.alpha_composite(base, layer)


def _with_alpha(colour, alpha):
    rgb = Image.new("RGB", (1, 1), colour).getpixel((0, 0))
    return (*rgb, alpha)


def _people(draw, width, height):
    for index in range(5):
        x = width * (0.18 + index * 0.16)
        head = height * 0.12
        draw.ellipse(
            (x - head / 2, height * 0.22, x + head / 2, height * 0.22 + head), fill=(255, 255, 255, 220)
        )
        draw.rounded_rectangle(
            (x - head * 0.8, height * 0.37, x + head * 0.8, height * 0.72),
            radius=int(head * 0.5),
            fill=_with_alpha(ACCENTS[index], 200),
        )


def _circles(draw, width, height):
    for index in range(6):
        radius = height * 0.22
        x = width * (0.25 + index * 0.1)
        y = height * (0.38 + 0.06 * (index % 2))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=_with_alpha(ACCENTS[index], 120))


def _network(draw, width, height):
    points = [
        (width * x, height * y)
        for x, y in [
            (0.2, 0.3),
            (0.35, 0.55),
            (0.5, 0.25),
            (0.62, 0.5),
            (0.8, 0.3),
            (0.45, 0.7),
            (0.75, 0.65),
        ]
    ]
    for first, second in zip(points, points[1:] + points[:1], strict=True):
        draw.line((first, second), fill=(255, 255, 255, 150), width=6)
    for x, y in points:
        draw.ellipse((x - 28, y - 28, x + 28, y + 28), fill=(255, 255, 255, 235))


def _bars(draw, width, height):
    for index in range(5):
        left = width * (0.22 + index * 0.12)
        top = height * (0.62 - index * 0.08)
        draw.rectangle((left, top, left + width * 0.08, height * 0.72), fill=_with_alpha(ACCENTS[index], 230))
    draw.line((width * 0.2, height * 0.72, width * 0.82, height * 0.72), fill=WHITE, width=6)


def _coins(draw, width, height):
    for stack, count in enumerate((3, 5, 7)):
        x = width * (0.36 + stack * 0.14)
        for coin in range(count):
            y = height * 0.7 - coin * 34
            draw.ellipse(
                (x - 80, y - 28, x + 80, y + 28),
                fill=_with_alpha("#ffb81c", 255),
                outline=_with_alpha(AMBER, 255),
                width=5,
            )


def _ballot(draw, width, height):
    draw.rectangle((width * 0.36, height * 0.4, width * 0.64, height * 0.72), fill=(255, 255, 255, 230))
    draw.rectangle((width * 0.44, height * 0.4, width * 0.56, height * 0.43), fill=_with_alpha(NAVY, 255))
    draw.polygon(
        [
            (width * 0.46, height * 0.12),
            (width * 0.56, height * 0.14),
            (width * 0.54, height * 0.41),
            (width * 0.45, height * 0.4),
        ],
        fill=_with_alpha("#ffb81c", 240),
    )


def _speech(draw, width, height):
    draw.rounded_rectangle(
        (width * 0.18, height * 0.16, width * 0.55, height * 0.44), radius=40, fill=(255, 255, 255, 220)
    )
    draw.polygon(
        [(width * 0.26, height * 0.44), (width * 0.3, height * 0.44), (width * 0.24, height * 0.52)],
        fill=(255, 255, 255, 220),
    )
    draw.rounded_rectangle(
        (width * 0.45, height * 0.34, width * 0.82, height * 0.62),
        radius=40,
        fill=_with_alpha(ACCENTS[1], 220),
    )
    draw.polygon(
        [(width * 0.72, height * 0.62), (width * 0.76, height * 0.62), (width * 0.78, height * 0.7)],
        fill=_with_alpha(ACCENTS[1], 220),
    )


def _documents(draw, width, height):
    for index in range(3):
        offset = index * 30
        draw.rectangle(
            (width * 0.38 + offset, height * 0.14 + offset, width * 0.58 + offset, height * 0.62 + offset),
            fill=(255, 255, 255, 150 + index * 40),
            outline=_with_alpha(NAVY, 255),
            width=4,
        )
    for line in range(5):
        y = height * 0.28 + 60 + line * 44
        draw.line((width * 0.42 + 60, y, width * 0.54 + 60, y), fill=_with_alpha(NAVY, 255), width=6)


MOTIFS = {
    "people": _people,
    "circles": _circles,
    "network": _network,
    "bars": _bars,
    "coins": _coins,
    "ballot": _ballot,
    "speech": _speech,
    "documents": _documents,
}


def _jpeg(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def landscape_jpeg(spec):
    """A 1600x900 illustration: gradient, the spec's motif and its label along the bottom."""
    width, height = LANDSCAPE
    image = _gradient(LANDSCAPE, spec.start, spec.end)
    image = _overlay(image, lambda draw: MOTIFS[spec.motif](draw, width, height))
    draw = ImageDraw.Draw(image)
    draw.text((width / 2, height * 0.86), spec.label, font=_font(76), fill=WHITE, anchor="mm")
    return _jpeg(image)


def initials(name):
    return "".join(part[0] for part in name.replace("-", " ").split() if part[:1].isupper())[:2]


def portrait_jpeg(name, index):
    """An 800x800 placeholder portrait: a silhouette and the person's initials."""
    width, height = PORTRAIT
    colour = PORTRAIT_COLOURS[index % len(PORTRAIT_COLOURS)]
    image = _gradient(PORTRAIT, colour, LIGHT if index % 2 else NAVY)

    def silhouette(draw):
        draw.ellipse((width * 0.32, height * 0.14, width * 0.68, height * 0.5), fill=(255, 255, 255, 90))
        draw.ellipse((width * 0.14, height * 0.56, width * 0.86, height * 1.2), fill=(255, 255, 255, 90))

    image = _overlay(image, silhouette)
    ImageDraw.Draw(image).text(
        (width / 2, height * 0.32), initials(name), font=_font(150), fill=WHITE, anchor="mm"
    )
    return _jpeg(image)


def portrait_alt(name, index):
    colour_names = ["navy", "teal", "purple", "blue", "plum", "green", "grey-blue", "amber"]
    colour = colour_names[index % len(colour_names)]
    return (
        f"Placeholder portrait of {name}: a plain silhouette with the initials {initials(name)} on {colour}."
    )
