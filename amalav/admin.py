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
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.widgets import ProseEditorWidget
from js_asset import Media as AssetMedia

from amalav.models import MenuEntry
from amalav.pages import site_page_urls, validate_page_url

admin.site.site_header = "AMALav - amministrazione"
admin.site.site_title = "AMALav"
admin.site.index_title = "Gestione del portale"

# What the text-page editor offers, and with it what the sanitiser keeps (page_allowlist):
# structure and links, never underline, strike, rules or scripts, which the site drops.
PAGE_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    "HTML": True,
}
# Kept on the page though the editor does not offer them: the seeded pages' anchors on
# headings, definition lists and abbreviations.
SEEDED_TAGS = {"abbr", "dd", "dl", "dt", "section"}
SEEDED_ATTRIBUTES = {"h2": {"id"}, "section": {"id"}, "th": {"scope"}}


def page_allowlist() -> dict:
    """nh3's arguments: what the editor offers (django-prose-editor says) and the seeded extras.

    nh3 sets every link's rel itself, and the editor's links open in the same tab.
    """
    offered = allowlist_from_extensions(PAGE_EDITOR_EXTENSIONS)
    attributes = {
        tag: set(names) - {"rel", "target"} for tag, names in offered["attributes"].items()
    }
    for tag, names in SEEDED_ATTRIBUTES.items():
        attributes[tag] = attributes.get(tag, set()) | names
    return {
        "tags": offered["tags"] | SEEDED_TAGS,
        "attributes": attributes,
        "url_schemes": set(offered["url_schemes"]),
        "link_rel": "noopener",
    }


class SafeFlatpageForm(FlatpageForm):
    """A text page: edited in a rich-text editor, stored only as the tags we allow."""

    class Meta(FlatpageForm.Meta):
        widgets = {
            # "configurable" is the preset that builds the editor from these extensions
            # alone; the default one offers its own full set.
            "content": ProseEditorWidget(
                config={"extensions": PAGE_EDITOR_EXTENSIONS}, preset="configurable"
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
        validate_page_url(url, current=self.instance.url if self.instance.pk else None)
        same = FlatPage.objects.filter(url=url).exclude(pk=self.instance.pk)
        if same.exists():
            raise ValidationError(_("Esiste già una pagina con questo indirizzo."))
        return url

    def clean_content(self) -> str:
        return nh3.clean(self.cleaned_data["content"], **page_allowlist())


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

    def has_delete_permission(self, request: HttpRequest, obj: FlatPage | None = None) -> bool:
        # The site links to its own pages (the sign-up consent to /privacy/...): kept.
        if obj is not None and obj.url in site_page_urls():
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request: HttpRequest):
        # The list's "delete selected" asks no page: the site's own are refused as protected.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        kept = [page for page in objs if page.url in site_page_urls()]
        return deleted, counts, perms_needed, [*protected, *kept]

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
