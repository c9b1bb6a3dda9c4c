"""Photos for the tests: a camera-like JPEG, and attaching one as a coordinator would."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from press.models import PressAttachment, PressItem


def camera_jpeg() -> bytes:
    """A 4000 x 3000 camera-like JPEG of about 2.5 MB: light, texture and sensor noise.

    The texture survives the reduction to 360 px, as a real scene's detail does.
    """
    size = (4000, 3000)
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (gradient, gradient.rotate(90).resize(size), gradient.transpose(0)))
    texture = Image.merge(
        "RGB",
        [
            Image.effect_noise((500, 375), 70).resize(size, Image.Resampling.BICUBIC)
            for _channel in range(3)
        ],
    )
    grain = Image.effect_noise(size, 28).convert("RGB")
    image = Image.blend(Image.blend(image, texture, 0.35), grain, 0.15)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=84)
    return buffer.getvalue()


def attach_photo(
    item: PressItem, content: bytes, caption: str, position: int = 0
) -> PressAttachment:
    attachment = PressAttachment(item=item, caption=caption, position=position)
    attachment.file.save("foto.jpg", ContentFile(content), save=False)
    attachment.full_clean()
    attachment.save()
    return attachment
