from django.contrib import admin

from press.models import Document, Outlet, PressAttachment, PressItem


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]


class PressAttachmentInline(admin.TabularInline):
    model = PressAttachment
    fields = ["file", "caption", "credit", "position"]
    extra = 1


@admin.register(PressItem)
class PressItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "outlet", "published_on", "featured", "is_published"]
    list_filter = ["kind", "is_published", "featured", "outlet"]
    list_editable = ["featured", "is_published"]
    list_select_related = ["outlet"]
    date_hierarchy = "published_on"
    search_fields = ["title", "summary", "author", "outlet__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["outlet"]
    filter_horizontal = ["related_groups"]
    inlines = [PressAttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "outlet", "published_on", "author"]}),
        (None, {"fields": ["summary", "body", "external_url", "archive_url"]}),
        (None, {"fields": ["related_groups", "featured", "is_published"]}),
    ]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "source", "date", "position", "is_published"]
    list_filter = ["category", "is_published"]
    list_editable = ["position", "is_published"]
    search_fields = ["title", "description", "source"]
