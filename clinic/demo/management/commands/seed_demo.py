import secrets

from django.core.management.base import BaseCommand

from clinic.demo.seed import demo_accounts_exist, seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo clinic: services, therapists, clients and an admin."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo account.")

    def handle(self, *args, password=None, **options):
        made_up = password is None and not demo_accounts_exist()
        if made_up:
            password = secrets.token_urlsafe(9)
        accounts = seed_demo(password=password)
        for email, role in accounts:
            self.stdout.write(f"  {role:<10} {email}")
        self.stdout.write(
            "Therapists and the admin set up two-step sign-in (an authenticator app) "
            "the first time they sign in."
        )
        if password is None:
            self.stdout.write("Demo accounts kept their passwords (use --password to set one).")
        else:
            note = " (made up; use --password to choose one)" if made_up else ""
            self.stdout.write(
                self.style.SUCCESS(f"Password for every demo account: {password}{note}")
            )
