from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm

from accounts.models import User
from accounts.services import account as accounts


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "display_name", "role"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "time_zone", "is_active", "date_joined"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "time_zone", "role"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "display_name", "role", "password1", "password2"]}),
    ]

    # Deleting a person from the admin does what "Delete my account" does (links end, a
    # coach's confirmed supervision lapses, logs and plans go), not a bare cascade that would
    # leave a former coach's clients on supervised stages (domain §9.1).
    def delete_model(self, request, obj):
        accounts.delete_account(obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            accounts.delete_account(user)
