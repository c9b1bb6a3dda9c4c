from django.http import HttpRequest


def subscription_links(request: HttpRequest, feed_path: str) -> dict[str, str]:
    """The feed's https address to paste (Google Calendar) and its webcal twin (iPhone)."""
    url = request.build_absolute_uri(feed_path)
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[1]}
