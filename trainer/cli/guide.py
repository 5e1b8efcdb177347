"""`trainer guide CODE -o FILE.pdf` and `trainer guide --all -o DIR`: citizen guides, one A4 PDF per procedure."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer.cli._common import settings_or_fail
from trainer.i18n import t
from trainer.printed.guides import guide_filename, render_guide, write_guides
from trainer.world.procedures import load_catalogue


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("guide", help="citizen guides: one printable A4 PDF per procedure (hướng dẫn người dân)")
    parser.add_argument("code", nargs="?", help="procedure code, e.g. 1.001193")
    parser.add_argument("--all", action="store_true", help="one guide per procedure of the catalogue")
    parser.add_argument("-o", "--output", type=Path, help="the PDF file (one code) or the folder (--all)")
    parser.add_argument("--lang", choices=("vi", "en"), help="language (default: the settings' language)")
    parser.add_argument("--base-url", help="address the QR codes open (default: TRAINER_PUBLIC_URL or the LAN address)")
    parser.set_defaults(func=cmd_guide)


def cmd_guide(args: argparse.Namespace) -> int:
    from trainer.addresses import public_url
    from trainer.cli import CliError

    settings = settings_or_fail()
    lang = args.lang or settings.language
    if bool(args.code) == bool(args.all):
        raise CliError(t("guide.cli.need_target", lang), 2)
    base_url = args.base_url or public_url()
    if args.all:
        directory = args.output or Path("huong-dan")
        if directory.exists() and not directory.is_dir():
            raise CliError(t("guide.cli.out_dir", lang), 2)
        written = write_guides(directory, base_url=base_url, lang=lang, model=settings.admin_model)
        print(t("guide.cli.written_all", lang, n=len(written), path=directory))
        return 0
    code = args.code.strip()
    procedure = load_catalogue().get(code)  # unknown: one line, "Không có thủ tục mã … trong danh mục."
    target = args.output or Path(guide_filename(code))
    if target.is_dir():
        target = target / guide_filename(code)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_guide(procedure, base_url=base_url, lang=lang, model=settings.admin_model))
    print(t("guide.cli.written", lang, path=target))
    return 0
