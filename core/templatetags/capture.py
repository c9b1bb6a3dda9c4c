"""{% capture name %}...{% endcapture %}: render once, use twice.

base.html shows a page's title block in <title> and again in og:title; Django renders a
block only once, so it captures the block into a variable.
"""

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: Context) -> str:
        # Safe: the output of rendering a template, already escaped where it needed to be.
        context[self.name] = SafeString(self.nodelist.render(context).strip())  # nosec
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    try:
        _tag, name = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError("{% capture %} takes one variable name") from error
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name)
