import nh3
from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage

from groups.admin import GroupAdmin
from groups.models import Group
from meetings.admin import GroupMeetingsAdminMixin
from signups.admin import GroupRequestsAdminMixin

admin.site.site_header = "AMALav - amministrazione"
admin.site.site_title = "AMALav"
admin.site.index_title = "Gestione del portale"

# What a text page may contain: structure and links, never scripts or styles.
PAGE_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "dd",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "li",
    "ol",
    "p",
    "section",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}


class SafeFlatpageForm(FlatpageForm):
    def clean_content(self) -> str:
        return nh3.clean(
            self.cleaned_data["content"],
            tags=PAGE_TAGS,
            attributes={"a": {"href", "title"}, "th": {"scope"}, "section": {"id"}, "h2": {"id"}},
            link_rel="noopener",
        )


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class PageAdmin(FlatPageAdmin):
    form = SafeFlatpageForm
    list_display = ["url", "title"]
    fieldsets = [
        (None, {"fields": ["url", "title", "content", "sites"]}),
    ]


# The project wires the apps together: the groups list shows each group's meetings and
# requests, which the groups app itself knows nothing about.
admin.site.unregister(Group)


@admin.register(Group)
class GroupOverviewAdmin(GroupRequestsAdminMixin, GroupMeetingsAdminMixin, GroupAdmin):
    list_display = [*GroupAdmin.list_display, "meetings_link", "request_counts", "free_places"]
    actions = ["plan_meetings", "shift_meetings"]
