"""Demo documents: short text PDFs written by hand (PDF 1.4, the standard Helvetica fonts), so
the text is real, selectable and searchable, and nothing needs installing or downloading."""

import textwrap
from dataclasses import dataclass

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
BODY_SIZE, BODY_LEADING = 11, 16
TITLE_SIZE = 20
WRAP_CHARACTERS = 88
LINES_PER_PAGE = 42


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    title: str
    filename: str
    paragraphs: tuple[str, ...]


DOCUMENTS = [
    DocumentSpec(
        "healthy-workplace-guide",
        "Creating a healthy workplace: an MiP guide for managers",
        "mip-creating-a-healthy-workplace.pdf",
        (
            "Managers Matter guide 1 of 3. Managers in Partnership (MiP), the union for health "
            "and care managers.",
            "Why culture matters. The way an organisation treats its managers shapes the way those "
            "managers can treat their teams. Where people fear blame, problems are hidden until they "
            "become crises. Where people feel safe to speak up, they are fixed early.",
            "What good looks like. Clear and realistic objectives. Workloads that can be done in the "
            "hours people are paid for. Decisions explained, not just announced. Mistakes treated as "
            "a chance to learn. Managers supported when they challenge poor behaviour, including "
            "from senior leaders.",
            "Five things you can do now. 1. Talk about workload in every one-to-one, not only when "
            "someone is struggling. 2. Make it normal to take breaks and leave on time, and do it "
            "yourself. 3. When something goes wrong, ask what happened before asking who did it. "
            "4. Record the pressures your team faces and share them upwards. 5. Know where to get "
            "support for yourself, including from your MiP national officer.",
            "When the culture is the problem. If you are being bullied, blamed for decisions that "
            "were not yours, or asked to act in a way you believe is wrong, keep a note of what "
            "happens and when, and contact MiP before you respond formally.",
            "This guide gives general information, not legal advice. Members can get individual "
            "advice from their national officer: email MemberAdvice@miphealth.org.uk.",
        ),
    ),
    DocumentSpec(
        "nomination-form",
        "National Committee election: nomination form",
        "mip-national-committee-nomination-form.pdf",
        (
            "Managers in Partnership National Committee election. Nomination form.",
            "Candidate. Full name: ______________________  Membership number: __________  "
            "Employer: ______________________  Constituency (region): ______________________",
            "Eligibility. I confirm that I have been a member of MiP for at least 13 weeks and "
            "that I am, or will become, an accredited MiP workplace representative.",
            "Nominated by two members in the same constituency. Name and membership number: "
            "______________________  Name and membership number: ______________________",
            "Election statement. Attach a statement of no more than 300 words saying why you are "
            "standing and what you would bring to the Committee.",
            "Return the completed form to the returning officer by the closing date in the "
            "election notice. Late nominations cannot be accepted.",
        ),
    ),
    DocumentSpec(
        "maternity-guide",
        "Maternity leave and returning to work: an MiP guide",
        "mip-maternity-leave-guide.pdf",
        (
            "A guide for managers who are pregnant, on maternity leave or planning their return, "
            "and for managers who support colleagues through pregnancy and maternity.",
            "Before your leave. Tell your employer in writing by the end of the 15th week before the "
            "week your baby is due. Ask for a risk assessment of your role. You have the right to "
            "paid time off for antenatal appointments.",
            "During your leave. You can take up to 52 weeks of maternity leave. Your contract "
            "continues, you keep building holiday, and you can use up to ten keeping-in-touch days "
            "by agreement. NHS occupational maternity pay may be more generous than the statutory "
            "minimum: check your terms and conditions.",
            "If there is a restructure while you are away. You must be told and consulted. If your "
            "job is at risk of redundancy during your leave you have special protection, including "
            "priority for suitable alternative vacancies.",
            "Coming back. You can ask for flexible working. If your request is refused, the reasons "
            "must be explained. Treating you less favourably because of pregnancy or maternity "
            "leave is unlawful discrimination.",
            "General information, not legal advice. Contact your MiP national officer about your "
            "own situation.",
        ),
    ),
]


def _pdf_text(text):
    """A PDF literal string in WinAnsi encoding, with its delimiters escaped."""
    escaped = []
    for byte in text.encode("cp1252", errors="replace"):
        char = chr(byte)
        if char in "()\\":
            escaped.append("\\" + char)
        elif 32 <= byte < 127:
            escaped.append(char)
        else:
            escaped.append(f"\\{byte:03o}")
    return "(" + "".join(escaped) + ")"


def _lines(title, paragraphs):
    """(font, size, text) lines; a blank line between paragraphs."""
    lines = [("F2", TITLE_SIZE, part) for part in textwrap.wrap(title, 44)]
    lines.append(("F1", BODY_SIZE, ""))
    for paragraph in paragraphs:
        lines.extend(("F1", BODY_SIZE, part) for part in textwrap.wrap(paragraph, WRAP_CHARACTERS))
        lines.append(("F1", BODY_SIZE, ""))
    return lines


def _page_stream(lines, page_number, page_count):
    commands = ["BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN - TITLE_SIZE} Td"]
    for font, size, text in lines:
        leading = size + 6 if font == "F2" else BODY_LEADING
        commands.append(f"/{font} {size} Tf {_pdf_text(text)} Tj 0 -{leading} Td")
    commands.append("ET")
    footer = f"Managers in Partnership - page {page_number} of {page_count}"
    commands.append(f"BT /F1 9 Tf {MARGIN} {MARGIN / 2:.0f} Td {_pdf_text(footer)} Tj ET")
    return "\n".join(commands).encode("latin-1")


def build_pdf(title, paragraphs):
    """A valid multi-page PDF 1.4 file as bytes."""
    lines = _lines(title, paragraphs)
    pages = [lines[start : start + LINES_PER_PAGE] for start in range(0, len(lines), LINES_PER_PAGE)]
    first_page = 5
    page_ids = [first_page + 2 * index for index in range(len(pages))]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: (
            "<< /Type /Pages /Kids ["
            + " ".join(f"{pid} 0 R" for pid in page_ids)
            + f"] /Count {len(pages)} >>"
        ).encode(),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    }
    for number, (page_id, page_lines) in enumerate(zip(page_ids, pages, strict=True), start=1):
        stream = _page_stream(page_lines, number, len(pages))
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    info_id = max(objects) + 1
    objects[info_id] = (
        f"<< /Title {_pdf_text(title)} /Author (Managers in Partnership) /Producer (MiP demo content) >>"
    ).encode("latin-1")

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for object_id in sorted(objects):
        offsets[object_id] = len(output)
        output += b"%d 0 obj\n" % object_id + objects[object_id] + b"\nendobj\n"
    xref_offset = len(output)
    output += b"xref\n0 %d\n" % (info_id + 1)
    output += b"0000000000 65535 f \n"
    for object_id in range(1, info_id + 1):
        output += b"%010d 00000 n \n" % offsets[object_id]
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (info_id + 1, info_id)
    output += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(output)
