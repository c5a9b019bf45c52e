"""Pictures of the knowledge base and of cases: checked with Pillow, re-encoded without metadata, stored
privately with the default storage and read back only through the permission-checked file view.

Re-encoding drops EXIF (camera, GPS position, time) and anything hidden after the image data; the
orientation EXIF carried is applied first, so the picture still stands the right way up.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from yimei.core.errors import BusinessError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: any phone or camera; a decompression bomb is refused before decoding
MAX_SIDE = 4096  # stored pictures are at most this wide or high (a handbook never needs more)

# Pillow format → (MIME type, file extension).
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _refuse(message: str, code: str = "invalid_image") -> BusinessError:
    return BusinessError(message, code=code, fields={"file": [message]})


def _read(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_IMAGE_BYTES:
        raise _refuse(f"图片不能超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB，请压缩后再上传。", "image_too_large")
    data = upload.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise _refuse(f"图片不能超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB，请压缩后再上传。", "image_too_large")
    if not data:
        raise _refuse("文件是空的。")
    return data


def clean_image(upload: Any) -> CleanImage:
    """A JPEG, PNG or WebP picture, verified and re-encoded; anything else is refused with a Chinese message."""
    data = _read(upload)
    unsupported = _refuse("只支持 JPEG、PNG 或 WebP 格式的图片。", "unsupported_image")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                if kind not in FORMATS:
                    raise unsupported
                if probe.width * probe.height > MAX_PIXELS:
                    raise _refuse("图片像素过大，请缩小后再上传。")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                return _encode(image, kind)
        except BusinessError:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise unsupported from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _refuse("图片文件已损坏或不完整，请重新导出后上传。") from None


def _encode(image: Image.Image, kind: str) -> CleanImage:
    out = io.BytesIO()
    if kind == "JPEG":
        image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True)
    elif kind == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(out, "WEBP", quality=88)
    content_type, extension = FORMATS[kind]
    return CleanImage(out.getvalue(), content_type, extension, image.width, image.height)


def stored_name(extension: str) -> str:
    """A random name: the uploader's file name says nothing about the picture and is not kept."""
    return f"{timezone.now():%Y%m%d}-{uuid.uuid4().hex}.{extension}"


def as_file(clean: CleanImage) -> ContentFile:
    return ContentFile(clean.content, name=stored_name(clean.extension))
