import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import normalise_email, validate_no_control_characters


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)r is not a time zone we know.") % {"value": value})


def validate_language(value: str) -> None:
    if value not in dict(settings.LANGUAGES):
        raise ValidationError(_("%(value)r is not a language we have.") % {"value": value})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def records_changed(self, client_id: int) -> None:
        """Call inside the transaction that writes a person's sessions or logs."""
        self.filter(pk=client_id).update(records_version=models.F("records_version") + 1)

    def hide_install_tip(self, user_id: int) -> None:
        """The person hid Today's install card: the first time is kept."""
        self.filter(pk=user_id, install_tip_hidden_at=None).update(
            install_tip_hidden_at=timezone.now()
        )

    def get_by_natural_key(self, username: str) -> "User":
        # Logins are case-insensitive: emails are stored lower-case.
        return self.get(email=normalise_email(username))


# Columns that only their own writers set, with an UPDATE: a whole-row save of a user read
# earlier leaves them alone (records_version keys the fragment cache; the menu facts follow
# plans, coach links and notes).
WRITTEN_BY_THEIR_WRITERS = frozenset({"records_version", "menu_has_plan", "menu_has_coach"})


class User(AbstractBaseUser, PermissionsMixin):
    class SpeedUnit(models.TextChoices):
        KMH = "kmh", _("km/h (kilometres an hour)")
        MPH = "mph", _("mph (miles an hour)")

    class Role(models.TextChoices):
        CLIENT = "client", _("I want to walk backward")
        COACH = "coach", _("I coach or treat people")

    # Shown in URLs (a coach's client page) instead of the sequential primary key.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("your name"), max_length=80, validators=[validate_no_control_characters]
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CLIENT)
    # Treadmill speeds are stored in km/h and shown in this unit (accounts/units.py).
    speed_unit = models.CharField(max_length=3, choices=SpeedUnit.choices, default=SpeedUnit.KMH)
    # The language the person reads (a code of settings.LANGUAGES): their pages once signed in
    # (accounts/middleware.py), and everything sent to them when they are not looking (emails,
    # reminders, push texts, the calendar feed). Set at sign-up from the page's language, changed
    # from any page's footer or the account page. No choices here: a new language needs no
    # migration, only an entry in settings.LANGUAGES (README: Languages).
    language = models.CharField(
        _("language"), max_length=10, default="en", validators=[validate_language]
    )
    is_active = models.BooleanField(default=True)
    # True once the person opened a link mailed to this address (sign-up, with or without an
    # invite). Until then a sign-up is also switched off (is_active False): it cannot log in,
    # and a new sign-up for the address replaces it. False by default, so that an account
    # made any other way (the admin, createsuperuser, the demo) never counts as proven.
    email_confirmed = models.BooleanField(default=False)
    # The invite a waiting sign-up came from: accepted when the email is confirmed.
    signup_invite = models.ForeignKey(
        "coaching.Invite", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the person hid Today's "put backward-walk on your phone" card: kept here, not on
    # the phone, so the card shows once across all their devices (plans/views/install.py).
    install_tip_hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Rises with every write to this person's sessions or logs (plans/services/sessions.py,
    # schedule.py), in the writer's transaction: cached page fragments are keyed on it
    # (plans/selectors/cache_keys.py), so a fragment is never served after its data changed.
    records_version = models.PositiveIntegerField(default=0, editable=False)
    # The client's menu, stored by the writers that change it so that no page pays a query
    # to draw it (plans/context_processors.py): "My plan" and "Progress" once any plan was
    # made (Plan.save), "My coach" while a coach link is current or notes from one are kept
    # (coaching.models.store_coach_menu, called by every writer of links and notes).
    menu_has_plan = models.BooleanField(default=False, editable=False)
    menu_has_coach = models.BooleanField(default=False, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=["client", "coach"]), name="user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        if not self._state.adding and not args and kwargs.get("update_fields") is None:
            # A whole-row save of a user read earlier must not put back an older
            # records_version (fragments cached under it would be served again) nor an
            # older menu.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in WRITTEN_BY_THEIR_WRITERS
            ]
        super().save(*args, **kwargs)

    @property
    def awaits_confirmation(self) -> bool:
        """A sign-up whose mailed link was not opened yet: never confirmed, never switched on,
        never used. Not an account staff switched off: that one has logged in, or was
        confirmed (every account from before email_confirmed defaulted to False is)."""
        return not self.email_confirmed and not self.is_active and self.last_login is None

    @property
    def is_coach(self) -> bool:
        return self.role == self.Role.COACH

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_today(self, now=None):
        """Today's date where this person is, not where the server is."""
        return timezone.localtime(now or timezone.now(), self.tz).date()
