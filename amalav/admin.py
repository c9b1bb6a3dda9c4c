import nh3
from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_prose_editor.widgets import ProseEditorWidget
from js_asset import Media as AssetMedia

from amalav.models import MenuEntry
from groups.admin import GroupAdmin
from groups.models import Group
from meetings.admin import GroupMeetingsAdminMixin, MeetingAdmin
from meetings.models import Meeting
from signups.admin import (
    GroupRequestsAdminMixin,
    MeetingNoticesAdminMixin,
    MeetingRegisterAdminMixin,
)

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
    """A text page: edited in a rich-text editor, stored only as the tags we allow."""

    class Meta(FlatpageForm.Meta):
        widgets = {
            "content": ProseEditorWidget(
                config={
                    "extensions": {
                        "Bold": True,
                        "Italic": True,
                        "Heading": {"levels": [2, 3, 4]},
                        "BulletList": True,
                        "OrderedList": True,
                        "ListItem": True,
                        "Blockquote": True,
                        "HardBreak": True,
                        "Link": {
                            "enableTarget": False,
                            "protocols": ["http", "https", "mailto", "tel"],
                        },
                        "Table": True,
                        "TableRow": True,
                        "TableHeader": True,
                        "TableCell": True,
                        "History": True,
                        "HTML": True,
                    }
                }
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["url"].help_text = _(
            "Per esempio: /chi-siamo/. Inizia e finisce con una barra; solo lettere minuscole, "
            "numeri e trattini."
        )

    def clean_url(self) -> str:
        url = super().clean_url()
        match = resolve_path(url)
        if match and match.url_name != "page":
            raise ValidationError(_("Questo indirizzo è già di un'altra pagina del sito."))
        same = FlatPage.objects.filter(url=url).exclude(pk=self.instance.pk)
        if same.exists():
            raise ValidationError(_("Esiste già una pagina con questo indirizzo."))
        return url

    def clean_content(self) -> str:
        return nh3.clean(
            self.cleaned_data["content"],
            tags=PAGE_TAGS,
            attributes={"a": {"href", "title"}, "th": {"scope"}, "section": {"id"}, "h2": {"id"}},
            link_rel="noopener",
        )


def resolve_path(url: str):
    try:
        return resolve(url)
    except Resolver404:
        return None


class MenuEntryInline(admin.StackedInline):
    model = MenuEntry
    can_delete = False
    max_num = 1
    extra = 1
    fields = ["in_menu", "label", "position"]


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class PageAdmin(FlatPageAdmin):
    form = SafeFlatpageForm
    list_display = ["url", "title", "in_menu", "preview_link"]
    list_filter = []
    inlines = [MenuEntryInline]
    readonly_fields = ["preview_link"]
    fieldsets = [
        (None, {"fields": ["url", "title", "content", "preview_link"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FlatPage]:
        return super().get_queryset(request).select_related("menu_entry")

    @admin.display(description=_("nel menu"), boolean=True)
    def in_menu(self, page: FlatPage) -> bool:
        entry = getattr(page, "menu_entry", None)
        return bool(entry and entry.in_menu)

    @admin.display(description=_("anteprima"))
    def preview_link(self, page: FlatPage) -> str:
        if not page.pk:
            return _("Salva la pagina per vederla sul sito.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', page.url, _("Anteprima")
        )

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs):
        # The editor's import map is an inline script: it runs only with this response's nonce.
        context["media"] = AssetMedia.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: FlatPage, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # One site only: every page belongs to it, nobody has to pick it.
        obj.sites.set([Site.objects.get_current()])


# The project wires the apps together: the groups list shows each group's meetings and
# requests, which the groups app itself knows nothing about.
admin.site.unregister(Group)


@admin.register(Group)
class GroupOverviewAdmin(GroupRequestsAdminMixin, GroupMeetingsAdminMixin, GroupAdmin):
    # The catalogue's town, kind and phase stay as filters: the list fits a 1366 px laptop.
    list_display = [
        "name",
        "status",
        "start_date",
        "meetings_link",
        "request_counts",
        "free_places",
    ]
    actions = ["plan_meetings", "shift_meetings"]


# Each meeting links to its attendance register, and moving or cancelling it tells its
# participants: both live in the signups app, which the meetings app knows nothing about.
admin.site.unregister(Meeting)


@admin.register(Meeting)
class MeetingOverviewAdmin(MeetingNoticesAdminMixin, MeetingRegisterAdminMixin, MeetingAdmin):
    # The topic is on each meeting's page; the register link carries the apologies, so the
    # list fits a 1366 px laptop.
    list_display = [
        *(name for name in MeetingAdmin.list_display if name != "topic"),
        "register_and_apologies",
    ]
    readonly_fields = [*MeetingAdmin.readonly_fields, "apology_names"]

    @admin.display(description=_("registro"), ordering="apology_count")
    def register_and_apologies(self, meeting: Meeting) -> str:
        if not meeting.apology_count:
            return self.register_link(meeting)
        apologies = ngettext(
            "%(count)d assenza giustificata",
            "%(count)d assenze giustificate",
            meeting.apology_count,
        ) % {"count": meeting.apology_count}
        return format_html("{}<br>{}", self.register_link(meeting), apologies)

    fields = [*MeetingAdmin.fields, "apology_names"]


# django-axes names this column after its method, in English.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptItalianAdmin(AccessAttemptAdmin):
    @admin.display(description=_("stato"))
    def status(self, obj: AccessAttempt) -> str:
        return super().status(obj)

    @admin.display(description=_("scadenza"))
    def expiration(self, obj: AccessAttempt) -> str:
        return super().expiration(obj)

    @admin.action(description=_("Elimina i tentativi scaduti"))
    def cleanup_expired_attempts(self, request: HttpRequest, queryset) -> None:
        # django-axes reads "now" from attributes it sets on a login request only.
        AxesProxyHandler.update_request(request)
        count = self.handler.clean_expired_user_attempts(request=request)
        message = ngettext(
            "%(count)d tentativo scaduto eliminato.",
            "%(count)d tentativi scaduti eliminati.",
            count,
        )
        self.message_user(request, message % {"count": count})
