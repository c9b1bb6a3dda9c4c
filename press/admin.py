from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_lists import LabelledListEditableMixin
from press.models import Document, Outlet, PressAttachment, PressItem


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]


class PressAttachmentInline(admin.StackedInline):
    model = PressAttachment
    fields = ["file", "caption", "credit", "position"]
    extra = 1


@admin.register(PressItem)
class PressItemAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "outlet",
        "published_on",
        "featured",
        "is_published",
        "preview_link",
    ]
    list_filter = ["kind", "is_published", "featured", "outlet"]
    list_select_related = ["outlet"]
    date_hierarchy = "published_on"
    search_fields = ["title", "summary", "author", "outlet__name"]
    prepopulated_fields = {"slug": ["title"]}
    # Plain boxes: a handful of outlets and groups, and both are readable by screen readers.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [PressAttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "outlet", "published_on", "author"]}),
        (None, {"fields": ["summary", "body", "external_url", "archive_url"]}),
        (None, {"fields": ["related_groups", "featured", "is_published", "preview_link"]}),
    ]
    readonly_fields = ["preview_link"]

    @admin.display(description=_("anteprima"))
    def preview_link(self, item: PressItem) -> str:
        if not item.pk:
            return _("Salva la bozza per vederne l'anteprima.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            item.get_preview_url(),
            _("Anteprima"),
        )


@admin.register(Document)
class DocumentAdmin(LabelledListEditableMixin, admin.ModelAdmin):
    list_display = ["title", "category", "source", "date", "position", "is_published"]
    fields = [
        "title",
        "description",
        "source",
        "date",
        "category",
        "file",
        "url",
        "on_request",
        "position",
        "is_published",
    ]
    list_filter = ["category", "is_published"]
    list_editable = ["position", "is_published"]
    search_fields = ["title", "description", "source"]
