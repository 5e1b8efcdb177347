"""`trainer admin create|list|disable|enable|reset-password`: accounts of administrators, trainers and leaders.

Run on the server's own shell, the command acts as `Actor.operator_shell()` (it could edit the database anyway);
every change writes its audit event like one made on the administrators' page. Passwords are read without echo
(twice) or once from standard input with `--password-stdin`; they are never printed, except a generated one by
`reset-password --generate`, shown once.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from trainer.accounts import queries, services
from trainer.actor import ACCOUNT_ROLES, ACCOUNT_TRAINER, Actor
from trainer.cli._common import settings_or_fail, wall_clock
from trainer.db.engine import transaction
from trainer.db.migrate import upgrade
from trainer.errors import DomainError
from trainer.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("admin", help="accounts of administrators, trainers and leaders")
    admin = parser.add_subparsers(dest="admin_command", metavar="ACTION", required=True)

    create = admin.add_parser("create", help="create an account (the password is asked for twice, not echoed)")
    create.add_argument("--username", required=True, metavar="U")
    create.add_argument("--name", default="", metavar="N", help="display name (default: the username)")
    create.add_argument("--role", choices=ACCOUNT_ROLES, default=ACCOUNT_TRAINER, help="account role (default: trainer)")
    create.add_argument("--unit", action="append", default=[], metavar="CODE",
                        help="a unit the trainer or leader answers for (province, district or commune code; repeat)")
    create.add_argument("--password-stdin", action="store_true", help="read the password once from standard input")
    create.set_defaults(func=cmd_create)

    listing = admin.add_parser("list", help="list accounts")
    listing.set_defaults(func=cmd_list)

    for name, helptext, func in (("disable", "disable an account and end its sessions", cmd_disable),
                                 ("enable", "enable a disabled account again", cmd_enable)):
        p = admin.add_parser(name, help=helptext)
        p.add_argument("username", metavar="U")
        p.set_defaults(func=func)

    reset = admin.add_parser("reset-password", help="set a new password and end the account's sessions")
    reset.add_argument("username", metavar="U")
    how = reset.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true", help="read the new password once from standard input")
    how.add_argument("--generate", action="store_true", help="generate a random password and print it once")
    reset.set_defaults(func=cmd_reset)


def _read_password(args: argparse.Namespace, lang: str) -> str:
    from trainer.cli import CliError

    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CliError(t("accounts.cli.no_password_stdin", lang))
        return line
    first = getpass.getpass(t("accounts.cli.password_prompt", lang))
    second = getpass.getpass(t("accounts.cli.password_again", lang))
    if first != second:
        raise DomainError("errors.accounts.passwords_differ")
    return first


def _account_id(session, username: str) -> int:  # type: ignore[no-untyped-def]
    row = queries.find_account(session, username)
    if row is None:
        raise DomainError("errors.accounts.unknown_username", username=username.strip())
    return row.id


def cmd_create(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    upgrade(settings.url)
    lang = settings.language
    password = _read_password(args, lang)
    with transaction(settings.url) as session:
        row = services.create_account(
            session, actor=Actor.operator_shell(), username=args.username, password=password, role=args.role,
            display_name=args.name, unit_codes=args.unit, now=wall_clock(),
        )
    print(t("accounts.cli.created", lang, username=row.username, role=t(f"accounts.roles.{row.role}", lang)))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    upgrade(settings.url)
    lang = settings.language
    with transaction(settings.url) as session:
        rows = queries.list_accounts(session)
    if not rows:
        print(t("accounts.cli.none", lang))
        return 0
    print(t("accounts.cli.header", lang))
    for row in rows:
        status = t("accounts.cli.is_disabled" if row.disabled else "accounts.cli.active", lang)
        last = row.last_sign_in_at.strftime("%d/%m/%Y %H:%M") if row.last_sign_in_at else t("accounts.cli.never", lang)
        print(" | ".join((row.username, row.display_name, t(f"accounts.roles.{row.role}", lang),
                          ", ".join(row.unit_codes) or "—", status, last)))
    return 0


def _set_disabled(args: argparse.Namespace, disabled: bool) -> int:
    settings = settings_or_fail()
    upgrade(settings.url)
    lang = settings.language
    with transaction(settings.url) as session:
        row = services.set_disabled(session, actor=Actor.operator_shell(), account_id=_account_id(session, args.username),
                                    disabled=disabled, now=wall_clock())
    print(t("accounts.cli.disabled" if disabled else "accounts.cli.enabled", lang, username=row.username))
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    return _set_disabled(args, True)


def cmd_enable(args: argparse.Namespace) -> int:
    return _set_disabled(args, False)


def cmd_reset(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    upgrade(settings.url)
    lang = settings.language
    password = None if args.generate else _read_password(args, lang)
    with transaction(settings.url) as session:
        account_id = _account_id(session, args.username)
        chosen = services.reset_password(session, actor=Actor.operator_shell(), account_id=account_id,
                                         now=wall_clock(), password=password)
    print(t("accounts.cli.password_reset", lang, username=args.username.strip().lower()))
    if args.generate:
        print(t("accounts.cli.generated_password", lang, password=chosen))
    return 0
