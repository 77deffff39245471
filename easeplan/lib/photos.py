"""Photos of people (a therapist's portrait): checked, then re-encoded without metadata.

A photo of a person is personal data, and a phone's photo carries more than the picture:
EXIF holds the camera, the time and often the GPS position where it was taken. Writing the
pixels into a new JPEG keeps the picture and drops everything else.
"""

from __future__ import annotations

import secrets
from io import BytesIO
from typing import IO

from django.utils import formats
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 800
# Pillow's own limit stops decompression bombs; this one stops a portrait of absurd size.
MAX_PIXELS = 40_000_000
ACCEPTED = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


class PhotoRefused(Exception):
    """The upload cannot be used as a photo; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def reencoded(upload: IO[bytes], size: int) -> tuple[str, bytes]:
    """A new file name and JPEG bytes holding only the picture of `upload`, turned
    upright as the camera meant it, at most MAX_SIDE pixels on its longer side."""
    if size > MAX_BYTES:
        raise PhotoRefused(
            gettext("Please choose a photo under 2 MB (this one is %(size)s MB).")
            % {"size": formats.number_format(size / 1024 / 1024, 1)}
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format or "unknown"
            if kind not in ACCEPTED:
                raise PhotoRefused(
                    gettext("Please upload a JPEG, PNG or WebP photo (this file is %(kind)s).")
                    % {"kind": kind}
                )
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(
                    gettext("This photo has too many pixels. Please choose a smaller one.")
                )
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as bad:
        raise PhotoRefused(
            gettext(
                "Upload a valid image: this file is not a photo we can read (use "
                "JPEG, PNG or WebP)."
            )
        ) from bad
    finally:
        upload.seek(0)
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = BytesIO()
    # A fresh image carries no EXIF, ICC or XMP unless given: only the pixels are written.
    picture.save(out, "JPEG", quality=85, optimize=True)
    return f"{secrets.token_urlsafe(12)}.jpg", out.getvalue()
