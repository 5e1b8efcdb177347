"""`trainer world generate | import`: write administrative-unit CSVs from vietnamadminunits (optional extra)."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer.cli._common import settings_or_fail
from trainer.i18n import t
from trainer.settings import AdminModel

MODELS = [m.value for m in AdminModel]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("world", help="reference world: administrative units from vietnamadminunits")
    world_sub = parser.add_subparsers(dest="world_command", metavar="ACTION", required=True)
    gen = world_sub.add_parser("generate", help="regenerate sandbox_data/units/*.csv (Bắc Kạn 2019, Thái Nguyên 2025)")
    gen.add_argument("--output-dir", type=Path, help="folder to write into (default: sandbox_data/units)")
    gen.set_defaults(func=cmd_generate)
    imp = world_sub.add_parser("import", help="use another province: write its units CSV into the data dir")
    imp.add_argument("--province", required=True, help="2-digit province code, e.g. 01 (Hà Nội), 19 (Thái Nguyên)")
    imp.add_argument("--model", choices=MODELS, help="administrative model (default: TRAINER_ADMIN_MODEL)")
    imp.add_argument("--output", type=Path, help="CSV to write (default: <data_dir>/units/<model>.csv, used from then on)")
    imp.set_defaults(func=cmd_import)


def _require_package() -> str:
    from trainer.cli import CliError
    from trainer.world.generate_units import package_version

    version = package_version()
    if version is None:
        raise CliError(t("errors.world.package_missing", settings_or_fail().language), 2)
    return version


def cmd_generate(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    version = _require_package()
    from trainer.world.generate_units import generate_default_files

    out_dir = args.output_dir or settings.sandbox_data_dir / "units"
    for path in generate_default_files(out_dir):
        print(t("world.cli.written", settings.language, path=path, version=version))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    version = _require_package()
    from trainer.world.generate_units import generate_rows, write_units_csv

    model = AdminModel(args.model or settings.admin_model)
    code = args.province.strip().zfill(2)
    rows = generate_rows(code, model)
    path = args.output or settings.data_dir / "units" / f"{model.value}.csv"
    write_units_csv(rows, path)
    communes = sum(1 for r in rows if r["level"] == "commune")
    districts = sum(1 for r in rows if r["level"] == "district")
    print(t("world.cli.imported", settings.language, name=rows[0]["full_name"], code=code, model=model.value,
            districts=districts, communes=communes, path=path, version=version))
    if args.output is None:
        print(t("world.cli.reseed_hint", settings.language))
    return 0
