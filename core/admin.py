"""What every app's admin builds on, and the outbox's own list for the office."""

from collections.abc import Callable, Iterable
from typing import ClassVar

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext

from core.models import Message

Annotate = Callable[[QuerySet], QuerySet]
Notes = Callable[[Model], Iterable[str]]
# Says, after a change to a row's people-facing data, who will be told of it and how.
Announce = Callable[[Model], str]
# Follows a saved change form: (row, names of the fields changed, who) -> what to tell them.
Saved = Callable[[Model, list[str], object], Iterable[str]]


class ExtensibleAdmin(admin.ModelAdmin):
    """An admin that the apps above its own add columns, actions and notes to.

    Apps only import downwards: the groups list shows each group's meetings and requests,
    which the groups app knows nothing about, so the meetings and signups apps call
    `extend()` from their admin modules instead of re-registering the groups admin.
    """

    annotations: ClassVar[tuple[Annotate, ...]] = ()
    notes: ClassVar[tuple[Notes, ...]] = ()
    announcers: ClassVar[tuple[Announce, ...]] = ()
    followers: ClassVar[tuple[Saved, ...]] = ()

    def action_checkbox(self, obj: Model) -> str:
        # Django renders a form widget through the template engine for every row, a third
        # of a long list's time: the same markup, written directly.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @classmethod
    def extend(
        cls,
        *,
        columns: Iterable[Callable] = (),
        actions: Iterable[Callable] = (),
        fields: Iterable[Callable] = (),
        annotate: Annotate | None = None,
        notes: Notes | None = None,
        announce: Announce | None = None,
        action_form: type | None = None,
        saved: Saved | None = None,
    ) -> None:
        """Adds list columns, actions, read-only fields of the change form, what the list's
        rows need counted (`annotate`), warnings for a row's page (`notes`) and what to
        say of who will hear of a change (`announce`, see `tell_who_hears`) and what
        follows a saved change form in the apps above (`saved`, through their services)."""
        cls.list_display = [*cls.list_display, *columns]
        cls.actions = [*(cls.actions or ()), *actions]
        fields = list(fields)
        cls.readonly_fields = [*cls.readonly_fields, *fields]
        if cls.fields is not None:
            cls.fields = [*cls.fields, *fields]
        if annotate is not None:
            cls.annotations = (*cls.annotations, annotate)
        if notes is not None:
            cls.notes = (*cls.notes, notes)
        if announce is not None:
            cls.announcers = (*cls.announcers, announce)
        if action_form is not None:
            cls.action_form = action_form
        if saved is not None:
            cls.followers = (*cls.followers, saved)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        for annotate in self.annotations:
            queryset = annotate(queryset)
        return queryset

    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        for follow in self.followers:
            for text in follow(obj, list(form.changed_data), request.user):
                self.message_user(request, text, messages.INFO)

    def tell_who_hears(self, request: HttpRequest, about: Model) -> None:
        """After a change people must hear of: who will, and how (the apps above know)."""
        for announce in self.announcers:
            self.message_user(request, announce(about), messages.INFO)

    def show_notes(self, request: HttpRequest, obj: Model) -> None:
        for note in self.notes:
            for text in note(obj):
                self.message_user(request, text, messages.WARNING)

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs) -> HttpResponse:
        if request.method == "GET" and self.notes:
            obj = self.get_object(request, object_id)
            if obj is not None:
                self.show_notes(request, obj)
        return super().change_view(request, object_id, *args, **kwargs)

    def response_change(self, request: HttpRequest, obj: Model) -> HttpResponse:
        self.show_notes(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request: HttpRequest, obj: Model, *args, **kwargs) -> HttpResponse:
        self.show_notes(request, obj)
        return super().response_add(request, obj, *args, **kwargs)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The whole outbox, for the office: read only (coordinators see their people's
    messages on each request and on their home)."""

    list_display = ["created_at", "channel", "__str__", "to", "status", "attempts", "sent_at"]
    list_filter = ["channel", "status"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    # `kind` names the templates: the subject and the text say what the message is.
    fields = [field.name for field in Message._meta.fields if field.name not in ("id", "kind")]
    readonly_fields = fields

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Message | None = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Message | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Message | None = None) -> bool:
        return False
