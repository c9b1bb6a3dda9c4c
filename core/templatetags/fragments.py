"""{% fragment "name" value ... [seconds=N] %}...{% endfragment %}: a piece of a public
page kept rendered per content version and per value it varies on.

For the parts of a page that cost most to render and are the same for every visitor (a
calendar of ninety meetings): a miss of the page cache then rebuilds only the rest. The
values name everything else the piece shows, such as the clock on pages of meetings
(`schedule`, from meetings.services.schedule_epoch) or the group chosen in a filter. A
piece must not set variables that the rest of the page reads. Pieces that vary on what
visitors type (search results) say how long to keep them, so a stream of searches does
not fill the cache for a day.
"""

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString

from core.cache import PIECE_SECONDS, per_content_version

register = template.Library()


class FragmentNode(template.Node):
    def __init__(
        self,
        nodelist: template.NodeList,
        name: str,
        vary_on: list[FilterExpression],
        seconds: int = PIECE_SECONDS,
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.seconds = seconds

    def render(self, context: Context) -> str:
        values = [value.resolve(context) for value in self.vary_on]
        html = per_content_version(
            f"fragment:{self.name}",
            lambda: str(self.nodelist.render(context)),
            *values,
            seconds=self.seconds,
        )
        # Safe: the output of rendering a template, already escaped where it needed to be.
        return SafeString(html)  # nosec


@register.tag
def fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('{% fragment "name" value ... %} needs a quoted name')
    seconds = PIECE_SECONDS
    if bits[-1].startswith("seconds="):
        seconds = int(bits.pop()[len("seconds=") :])
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentNode(nodelist, bits[1][1:-1], vary_on, seconds)
