"""What an editor can upload through the Wagtail admin, and how uploads are served back:
decompression bombs, oversized files, disguised files and script-capable formats are
refused with a message on the form and leave no row behind."""

import pytest
from django.conf import settings
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from tests.factories import DocumentFactory
from tests.security.uploads import animation, blank_png, photo_jpeg, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(db):
    return Collection.get_first_root_node()


def add_image(client, collection, file):
    return client.post(
        "/admin/images/add/",
        {"title": "Upload", "description": "", "collection": collection.pk, "file": file},
    )


def add_image_by_drag_and_drop(client, collection, file):
    """The multiple-upload endpoint that the admin's drag-and-drop area posts to."""
    return client.post(
        "/admin/images/multiple/add/",
        {"collection": collection.pk, "files[]": file},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def add_document(client, collection, file):
    return client.post(
        "/admin/documents/add/", {"title": "Upload", "collection": collection.pk, "file": file}
    )


def form_errors(response):
    assert response.status_code == 200, response.status_code
    return " ".join(str(error) for error in response.context["form"].errors.get("file", []))


# The limits are the ones the README documents


def test_upload_limits_are_set():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert settings.IMAGE_MAX_SIDE == 10_000
    assert settings.IMAGE_MAX_ASPECT_RATIO == 20
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert set(settings.WAGTAILDOCS_EXTENSIONS) == {"csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"}


# Images


def test_an_ordinary_photo_is_accepted(admin_client, collection):
    response = add_image(admin_client, collection, upload("meeting.jpg", photo_jpeg(), "image/jpeg"))
    assert response.status_code == 302
    assert Image.objects.filter(title="Upload").count() == 1


def test_a_decompression_bomb_png_is_refused_with_a_form_error_and_no_row(admin_client, collection):
    bomb = blank_png(20_000, 20_000)
    assert len(bomb) < 100_000  # tiny on disk, 400 million pixels in memory

    response = add_image(admin_client, collection, upload("bomb.png", bomb, "image/png"))

    assert "This file has too many pixels" in form_errors(response)
    assert not Image.objects.exists()


def test_a_decompression_bomb_is_refused_by_drag_and_drop_too(admin_client, collection):
    response = add_image_by_drag_and_drop(
        admin_client, collection, upload("bomb.png", blank_png(20_000, 20_000))
    )

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "too many pixels" in response.json()["error_message"]
    assert not Image.objects.exists()


def test_an_image_over_the_pixel_limit_but_under_pillows_is_refused(admin_client, collection):
    response = add_image(admin_client, collection, upload("poster.png", blank_png(8000, 6000), "image/png"))

    assert "This file has too many pixels (48000000). Maximum pixels 40000000." in form_errors(response)
    assert not Image.objects.exists()


def test_a_39_million_by_1_png_is_refused_though_it_is_under_the_pixel_limit(admin_client, collection):
    """It has 39,000,000 pixels, under the 40 million limit; resizing it took 13 s."""
    line = blank_png(39_000_000, 1)
    assert len(line) < 50_000

    response = add_image(admin_client, collection, upload("line.png", line, "image/png"))

    assert form_errors(response) == (
        "This image is 39,000,000 × 1 pixels. Each side may be at most 10,000 pixels."
    )
    assert not Image.objects.exists()


def test_the_long_png_is_refused_by_drag_and_drop_too(admin_client, collection):
    response = add_image_by_drag_and_drop(
        admin_client, collection, upload("line.png", blank_png(39_000_000, 1))
    )

    assert response.json()["success"] is False
    assert "Each side may be at most 10,000 pixels" in response.json()["error_message"]
    assert not Image.objects.exists()


def test_a_45_frame_1000_by_1000_gif_is_refused_counting_every_frame(admin_client, collection):
    gif = animation("GIF", 45, 1000, 1000)
    assert len(gif) < 200_000

    response = add_image(admin_client, collection, upload("animation.gif", gif, "image/gif"))

    assert form_errors(response) == (
        "This animated image has 45 frames of 1,000 × 1,000 pixels: 45,000,000 pixels in all. "
        "The limit is 40,000,000 pixels, counting every frame."
    )
    assert not Image.objects.exists()


def test_every_frame_of_an_animated_webp_counts_too(admin_client, collection):
    webp = animation("WEBP", 45, 1000, 1000)

    response = add_image(admin_client, collection, upload("animation.webp", webp, "image/webp"))

    assert "This animated image has 45 frames" in form_errors(response)
    assert not Image.objects.exists()


def test_a_small_animated_gif_is_accepted(admin_client, collection):
    response = add_image(
        admin_client, collection, upload("wave.gif", animation("GIF", 10, 300, 200), "image/gif")
    )

    assert response.status_code == 302
    assert Image.objects.get(title="Upload").width == 300


@pytest.mark.parametrize(
    ("width", "height", "message"),
    [
        (10_001, 600, "This image is 10,001 × 600 pixels. Each side may be at most 10,000 pixels."),
        (600, 12_000, "This image is 600 × 12,000 pixels. Each side may be at most 10,000 pixels."),
        (
            9_000,
            300,
            "This image is 9,000 × 300 pixels: 30 times as long one way as the other. The limit is 20 times.",
        ),
        (
            100,
            2_500,
            "This image is 100 × 2,500 pixels: 25 times as long one way as the other. The limit is 20 times.",
        ),
    ],
)
def test_a_side_or_aspect_ratio_over_the_limit_is_refused(admin_client, collection, width, height, message):
    response = add_image(
        admin_client, collection, upload("banner.png", blank_png(width, height), "image/png")
    )

    assert form_errors(response) == message
    assert not Image.objects.exists()


def test_a_wide_banner_within_the_limits_is_accepted(admin_client, collection):
    response = add_image(admin_client, collection, upload("banner.png", blank_png(4_000, 200), "image/png"))

    assert response.status_code == 302
    assert Image.objects.filter(width=4_000, height=200).exists()


def test_an_image_file_over_10_mb_is_refused(admin_client, collection):
    big = blank_png(100, 100, extra_chunk_bytes=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)

    response = add_image(admin_client, collection, upload("big.png", big, "image/png"))

    assert "This file is too big" in form_errors(response)
    assert not Image.objects.exists()


def test_a_text_file_renamed_jpg_is_refused(admin_client, collection):
    fake = upload("photo.jpg", b"Dear member, this is not a photograph.", "image/jpeg")

    response = add_image(admin_client, collection, fake)

    assert "Upload a valid image" in form_errors(response)
    assert not Image.objects.exists()


def test_html_renamed_jpg_is_refused(admin_client, collection):
    fake = upload("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")

    response = add_image(admin_client, collection, fake)

    assert "Not a valid .jpeg image" in form_errors(response)
    assert not Image.objects.exists()


def test_a_png_renamed_jpg_is_refused(admin_client, collection):
    response = add_image(admin_client, collection, upload("photo.jpg", blank_png(10, 10), "image/jpeg"))

    assert "The extension does not match the file format (png)" in form_errors(response)
    assert not Image.objects.exists()


def test_svg_images_are_refused(admin_client, collection):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'

    response = add_image(admin_client, collection, upload("logo.svg", svg, "image/svg+xml"))

    assert "Not a supported image format" in form_errors(response)
    assert not Image.objects.exists()


# Documents


def test_a_pdf_document_is_accepted(admin_client, collection):
    response = add_document(
        admin_client, collection, upload("guide.pdf", b"%PDF-1.4\n%MiP\n", "application/pdf")
    )
    assert response.status_code == 302
    assert Document.objects.filter(title="Upload").count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00"),
        ("guide.html", b"<script>alert(document.cookie)</script>"),
        ("guide.htm", b"<script>alert(document.cookie)</script>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("tool.js", b"alert(1)"),
        ("macro.docm", b"PK\x03\x04"),
        ("guide.pdf.html", b"<script>alert(1)</script>"),
        ("noextension", b"anything"),
    ],
)
def test_a_document_outside_the_extension_allow_list_is_refused(admin_client, collection, name, content):
    response = add_document(admin_client, collection, upload(name, content))

    assert "is not allowed" in form_errors(response)
    assert not Document.objects.exists()


def test_a_document_over_20_mb_is_refused(admin_client, collection):
    big = b"%PDF-1.4\n" + b"0" * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE

    response = add_document(admin_client, collection, upload("huge.pdf", big, "application/pdf"))

    assert "This file is too big" in form_errors(response)
    assert not Document.objects.exists()


# Serving documents back


def served(client, document):
    response = client.get(document.url)
    assert response.status_code == 200
    return response


def test_a_pdf_opens_in_the_browser_but_can_run_nothing(client):
    document = DocumentFactory()

    response = served(client, document)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_html_disguised_as_a_pdf_is_still_served_as_a_pdf_with_nothing_allowed_to_run(client):
    document = DocumentFactory(
        file__data=b"<html><script>alert(1)</script></html>", file__filename="trap.pdf"
    )

    response = served(client, document)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("filename", "content_type"), [("members.csv", "text/csv"), ("notes.txt", "text/plain")]
)
def test_other_documents_download_rather_than_open(client, filename, content_type):
    document = DocumentFactory(file__data=b"<script>alert(1)</script>", file__filename=filename)

    response = served(client, document)

    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_documents_are_served_by_wagtail_so_privacy_and_headers_always_apply():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == ["application/pdf"]
