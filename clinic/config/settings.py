"""Settings for the clinic, all read from the environment (see README)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-a-secret-" + "x" * 40)
else:
    SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First: its checks on every date and JSON field are in place before any form is made.
    "clinic.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "drf_spectacular",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    "auditlog",
    "clinic.audit",
    "clinic.accounts",
    "clinic.bodymap",
    "clinic.catalogue",
    "clinic.messaging",
    "clinic.demo",
    "therapists.credentials",
    "therapists",
    "clients.consent",
    "clients.intake",
    "clients",
    "clients.records",
    "sessions.apps.SessionsConfig",
    "sessions.calendars",
    "sessions.checkins",
    "sessions.notes",
    "sessions.waitlist",
    "sessions.reports",
    "sessions.desk",
    "sessions.billing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "clinic.web.no_store.NoStoreMiddleware",
    "clinic.web.no_nul.RefuseNulMiddleware",
    "clinic.audit.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clinic.accounts.middleware.IdleTimeoutMiddleware",
    "clinic.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.config.urls"
WSGI_APPLICATION = "clinic.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            # Template tags every page may use that belong to no app (clinic.web has none).
            "libraries": {"regions": "clinic.web.templatetags.regions"},
            "builtins": ["clinic.config.date_filters"],
        },
    },
]

# Databases: SQLite in the project by default; PostgreSQL through DATABASE_URL.
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Writers take the lock when the transaction starts, so a booking's
            # check and insert can't interleave with another booking's.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A form's choice of rows (the desk's and the admin's selects) reads its queryset with
    # iterator(), which on PostgreSQL opens a named cursor: three round trips (declare,
    # fetch, close) for a short list. A client-side cursor reads it in one.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state: whatever one web process learns that another needs lives in the database
# (sessions, sign-in failures, two-step throttles, booking counts), so any process may serve
# any request. The cache holds nothing of that kind; CACHE_URL may still name a shared one.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "clinic.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling: 5 failures of one account from one address lock both out for a while,
# and so do 20 failures from one address over any accounts (clinic.accounts.lockout).
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "clinic.accounts.lockout.SignInLockoutHandler"
AXES_RESET_ON_SUCCESS = True
# The lock lasts the cool-off from the lockout; attempts during it don't prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "clinic.accounts.signin.attempted_email"
AXES_CLIENT_IP_CALLABLE = "clinic.web.requests.client_ip"
AXES_LOCKOUT_CALLABLE = "clinic.accounts.signin.lockout_response"

# API tokens: a new one at each sign-in, good for this many hours (staff, then clients).
API_TOKEN_HOURS = env.int("API_TOKEN_HOURS", default=12)
API_TOKEN_HOURS_CLIENT = env.int("API_TOKEN_HOURS_CLIENT", default=720)

# Two-step sign-in (required for therapists and admins) and idle sessions of staff.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Trigger point clinic")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Wrong codes are limited by clinic.accounts.twofactor (a pause after several in a row), not
# by django-otp's back-off, which refuses a right code typed just after a wrong one.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))

LANGUAGE_CODE = "en-ca"
CLINIC_TIME_ZONE = env.str("CLINIC_TIME_ZONE", default="America/Toronto")
TIME_ZONE = CLINIC_TIME_ZONE
USE_I18N = True
USE_TZ = True
# How dates read for people (clinic.clock's formats), ahead of the locale's own.
FORMAT_MODULE_PATH = ["clinic.config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# Uploaded credential documents: never public, served only through a checked view. "local":
# a folder (PRIVATE_MEDIA_ROOT); "s3": a bucket of S3-compatible storage, which every web
# process of a cluster reaches. Objects stay private and are never overwritten; a URL made
# for one is a signed, expiring one, though the app streams documents itself.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
PRIVATE_STORAGE = env.str("PRIVATE_STORAGE", default="local")
if PRIVATE_STORAGE == "local":
    STORAGES["private"] = {"BACKEND": "therapists.credentials.storage.PrivateStorage"}
elif PRIVATE_STORAGE == "s3":
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured('PRIVATE_STORAGE is "local" or "s3".')
CREDENTIAL_DOCUMENT_MAX_MB = env.int("CREDENTIAL_DOCUMENT_MAX_MB", default=10)

# Mail: Django's MAILERS, configured from the conventional EMAIL_* variables.
EMAIL_BACKEND_PATH = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends."
    + ("console.EmailBackend" if DEBUG else "smtp.EmailBackend"),
)
MAIL_OPTIONS: dict = {}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAIL_OPTIONS = {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=25),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=False),
        "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
        "timeout": env.int("EMAIL_TIMEOUT", default=10),
    }
elif EMAIL_BACKEND_PATH.endswith(("filebased.EmailBackend", "MessageFileBackend")):
    MAIL_OPTIONS = {"file_path": env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="clinic@localhost")

# Text messages: the console by default; Twilio with its account settings.
SMS_BACKEND = env.str("SMS_BACKEND", default="clinic.messaging.sms.ConsoleBackend")
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
TWILIO_API_URL = env.str("TWILIO_API_URL", default="https://api.twilio.com")
PHONENUMBER_DEFAULT_REGION = env.str("PHONENUMBER_DEFAULT_REGION", default="CA")

# What messages say about the clinic, and where their links point.
CLINIC_NAME = env.str("CLINIC_NAME", default="Trigger point clinic")
# The one currency of every price, invoice and payment (ISO 4217).
CLINIC_CURRENCY = env.str("CLINIC_CURRENCY", default="CAD")
GIFT_CARD_VALID_DAYS = env.int("GIFT_CARD_VALID_DAYS", default=365)
CLINIC_ADDRESS = env.str("CLINIC_ADDRESS", default="100 King Street West, Toronto, ON")

# Online card payment at booking: off (and nothing about it shows) until both keys are set.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Empty: Stripe's own API; a local stripe-mock (or a test's fake) otherwise.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# What a client pays online: "deposit" (ONLINE_DEPOSIT_PERCENT of the session) or "full".
ONLINE_PAYMENT = env.str("ONLINE_PAYMENT", default="deposit")
if ONLINE_PAYMENT not in ("deposit", "full"):
    raise ImproperlyConfigured('ONLINE_PAYMENT is "deposit" or "full".')
ONLINE_DEPOSIT_PERCENT = env.int("ONLINE_DEPOSIT_PERCENT", default=50)
if not 0 < ONLINE_DEPOSIT_PERCENT <= 100:
    raise ImproperlyConfigured("ONLINE_DEPOSIT_PERCENT is between 1 and 100.")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "clinic.accounts.apitokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "clinic.web.parsers.JSONParser",
        "clinic.web.parsers.FormParser",
        "clinic.web.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "clinic.web.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "clinic.web.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clinic booking API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "clinic.web.schema.add_error_responses",
    ],
}

# Celery: a broker that needs no server by default (kombu's filesystem transport).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A publish (a booking handing its messages over, after its commit) connects at most
    # twice, without waiting: a broker that is down must not hold up the request (kombu's
    # default retries for about 6 s). Workers reconnect by their own, patient, settings.
    "max_retries": 1,
    "interval_start": 0,
    **(
        {
            "data_folder_in": str(VAR_DIR / "broker"),
            "data_folder_out": str(VAR_DIR / "broker"),
            "control_folder": str(VAR_DIR / "broker" / "control"),
        }
        if CELERY_BROKER_URL.startswith("filesystem")
        else {}
    ),
}
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-messages": {
        "task": "clinic.messaging.tasks.dispatch_due_messages",
        "schedule": env.float("MESSAGE_DISPATCH_SECONDS", default=60.0),
    },
    "expire-waitlist-offers": {
        "task": "sessions.waitlist.tasks.expire_waitlist_offers",
        "schedule": env.float("WAITLIST_EXPIRY_SECONDS", default=60.0),
    },
    "plan-credential-expiry-alerts": {
        "task": "therapists.credentials.tasks.plan_credential_expiry_alerts",
        "schedule": env.float("CREDENTIAL_ALERT_PLAN_SECONDS", default=3600.0),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Celery's Django fixup closes the database connection before and after every task unless
# this is set: a new PostgreSQL connection per message. Reuse it instead; clinic/config/celery.py
# closes it the Django way (CONN_MAX_AGE, health checks, errors) around each task.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_TIMEZONE = "UTC"

# Messages: a claim older than the lease belongs to a worker that died and is taken again,
# so it must outlast the slowest send (EMAIL_TIMEOUT); each dispatch claims one batch.
MESSAGE_LEASE_SECONDS = env.int("MESSAGE_LEASE_SECONDS", default=300)
MESSAGE_DISPATCH_BATCH = env.int("MESSAGE_DISPATCH_BATCH", default=500)
# Messages per send task: one task and one mail connection (SMTP login) for each chunk.
MESSAGE_SEND_CHUNK = env.int("MESSAGE_SEND_CHUNK", default=20)

# Booking rules.
BOOKING_MIN_NOTICE = timedelta(minutes=env.int("BOOKING_MIN_NOTICE_MINUTES", default=120))
BOOKING_HORIZON = timedelta(days=env.int("BOOKING_HORIZON_DAYS", default=60))
BOOKING_SLOT_MINUTES = env.int("BOOKING_SLOT_MINUTES", default=15)
BOOKING_FREE_CANCELLATION = timedelta(hours=env.int("BOOKING_FREE_CANCELLATION_HOURS", default=24))
# Against hoarding: a client holds at most BOOKING_MAX_UPCOMING upcoming sessions they booked
# themselves, and books or moves sessions at most BOOKING_RATE_PER_HOUR times in any hour
# (0 turns either off). What the desk books for a client is exempt from both.
BOOKING_MAX_UPCOMING = env.int("BOOKING_MAX_UPCOMING", default=4)
BOOKING_RATE_PER_HOUR = env.int("BOOKING_RATE_PER_HOUR", default=20)
# No-shows plus late cancellations from which a client's online bookings need an admin's
# approval (0: never).
NO_SHOW_APPROVAL_THRESHOLD = env.int("NO_SHOW_APPROVAL_THRESHOLD", default=3)


def _percent(name: str, default: int) -> int:
    value = env.int(name, default=default)
    if not 0 <= value <= 100:
        raise ImproperlyConfigured(f"{name} is a percentage from 0 to 100, not {value}.")
    return value


# Fees in percent of the session's price (0 turns one off): a client's cancellation or move
# inside the free-cancellation window, and a no-show.
LATE_CANCELLATION_FEE_PERCENT = _percent("LATE_CANCELLATION_FEE_PERCENT", 50)
NO_SHOW_FEE_PERCENT = _percent("NO_SHOW_FEE_PERCENT", 100)
# How long a waitlist offer stays open before the next in line gets the slot.
WAITLIST_OFFER_MINUTES = env.int("WAITLIST_OFFER_MINUTES", default=120)

# Security: strict by default; DEBUG relaxes what plain-HTTP development needs.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
# The load balancers' addresses: from them, the caller is the address they add to
# X-Forwarded-For (clinic.web.requests.client_ip); from anyone else the header is ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts and styles come only from our static files: no inline code, no style attributes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Change history of the clinical records and of accounts' access (django-auditlog); the
# actor comes from clinic.audit.middleware.AuditlogMiddleware.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "intake.Intake",
    "intake.IntakeClearance",
    "notes.SessionNote",
    "notes.TreatedPoint",
    "notes.NoteAddendum",
    "credentials.Credential",
    {"model": "clinic.User", "include_fields": ["role", "is_active", "is_staff", "is_superuser"]},
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and its font subsetting tell each step of each receipt at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}
