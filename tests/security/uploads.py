"""Files an editor might upload, built in memory: real and hostile PNGs and documents."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def blank_png(width, height, extra_chunk_bytes=0):
    """A valid black-and-white PNG of any size, compressed row by row so that a
    20,000 x 20,000 image (a decompression bomb: 400 million pixels) is about 60 KB and is
    never held uncompressed in memory. ``extra_chunk_bytes`` adds an ancillary chunk of
    incompressible bytes after the image data, to make a large file of a small image."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    chunks = [png_chunk(b"IHDR", header), png_chunk(b"IDAT", pixels)]
    if extra_chunk_bytes:
        # Private, ancillary and safe to copy (lower-case first, second and fourth letters).
        chunks.append(png_chunk(b"raNd", bytes(range(256)) * (extra_chunk_bytes // 256 + 1)))
    chunks.append(png_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def photo_jpeg(width=64, height=48):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def animation(image_format, frames, width, height):
    """An animated GIF or WebP of ``frames`` plain frames: small on disk however large."""
    if image_format == "GIF":
        images = [PILImage.new("P", (width, height), index % 200) for index in range(frames)]
    else:
        # Frames that differ, or the WebP encoder merges them.
        colours = [((index * 37) % 256, (index * 91) % 256, (index * 53) % 256) for index in range(frames)]
        images = [PILImage.new("RGB", (width, height), colour) for colour in colours]
    buffer = io.BytesIO()
    options = {"lossless": False, "quality": 10} if image_format == "WEBP" else {}
    images[0].save(
        buffer, image_format, save_all=True, append_images=images[1:], duration=40, loop=0, **options
    )
    return buffer.getvalue()
