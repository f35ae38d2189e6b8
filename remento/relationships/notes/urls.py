from django.urls import path

from remento.relationships.notes import views

urlpatterns = [
    path("<int:pair_pk>/notes/", views.notes_page, name="notes"),
    path("<int:pair_pk>/notes/shared/", views.shared_note_create, name="shared_note_create"),
    path(
        "<int:pair_pk>/notes/shared/<int:note_pk>/",
        views.shared_note_edit,
        name="shared_note_edit",
    ),
    path("<int:pair_pk>/notes/private/", views.private_note_create, name="private_note_create"),
    path(
        "<int:pair_pk>/notes/private/<int:note_pk>/",
        views.private_note_edit,
        name="private_note_edit",
    ),
    path(
        "<int:pair_pk>/notes/private/<int:note_pk>/delete/",
        views.private_note_delete_view,
        name="private_note_delete",
    ),
    path("<int:pair_pk>/notes/actions/", views.action_item_create_view, name="action_item_create"),
    path(
        "<int:pair_pk>/notes/actions/<int:item_pk>/",
        views.action_item_toggle_view,
        name="action_item_toggle",
    ),
]
