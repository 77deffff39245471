"""A therapist's photo keeps only its picture: no camera, no time, no GPS position."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from easeplan.lib.photos import MAX_SIDE, PhotoRefused, reencoded

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_photo(size: tuple[int, int] = (1200, 900), orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: camera make, GPS position, orientation."""
    image = Image.new("RGB", size, "teal")
    image.paste("white", (0, 0, size[0] // 2, size[1] // 3))  # a mark to see which way is up
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def read(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def test_the_gps_position_and_camera_are_gone() -> None:
    original = phone_photo()
    assert read(original).getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    name, data = reencoded(BytesIO(original), len(original))
    photo = read(data)
    assert photo.format == "JPEG"
    assert dict(photo.getexif()) == {}
    assert "exif" not in photo.info and "icc_profile" not in photo.info
    assert name.endswith(".jpg") and "me" not in name


def test_the_photo_is_turned_upright_and_made_smaller() -> None:
    original = phone_photo(size=(1200, 900), orientation=6)  # taken holding the phone sideways
    _, data = reencoded(BytesIO(original), len(original))
    photo = read(data)
    assert max(photo.size) == MAX_SIDE
    assert photo.height > photo.width  # upright as the camera meant it


def test_each_photo_gets_a_new_name() -> None:
    original = phone_photo()
    assert reencoded(BytesIO(original), 1)[0] != reencoded(BytesIO(original), 1)[0]


def test_a_png_with_transparency_becomes_a_jpeg() -> None:
    out = BytesIO()
    Image.new("RGBA", (50, 40), (0, 128, 128, 0)).save(out, "PNG")
    _, data = reencoded(out, out.tell())
    assert read(data).size == (50, 40)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda out: Image.new("RGB", (10, 10)).save(out, "GIF"), "(this file is GIF)"),
        (lambda out: out.write(b"%PDF-1.4 not a photo"), "not a photo we can read"),
        (lambda out: out.write(b""), "not a photo we can read"),
    ],
)
def test_what_is_not_a_jpeg_png_or_webp_photo_is_refused(make, message) -> None:  # type: ignore[no-untyped-def]
    out = BytesIO()
    make(out)
    with pytest.raises(PhotoRefused) as refused:
        reencoded(out, out.tell())
    assert message in refused.value.message


def test_a_photo_over_2_mb_is_refused_before_it_is_read() -> None:
    with pytest.raises(PhotoRefused) as refused:
        reencoded(BytesIO(b"x"), 3 * 1024 * 1024)
    assert refused.value.message == "Please choose a photo under 2 MB (this one is 3.0 MB)."


def test_a_photo_of_absurd_size_is_refused() -> None:
    out = BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")  # 48 million pixels, a few kilobytes
    with pytest.raises(PhotoRefused) as refused:
        reencoded(out, out.tell())
    assert "too many pixels" in refused.value.message
