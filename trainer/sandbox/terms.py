"""Translatable words inside error parameters: "{status:vi}" in a catalog text formats a Term in that language."""

from __future__ import annotations

from trainer.i18n import DEFAULT_LANGUAGE, LANGUAGES, t


class Term:
    """A catalog key that formats itself in the language named by the format spec (default Vietnamese)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __format__(self, spec: str) -> str:
        return t(self.key, spec if spec in LANGUAGES else DEFAULT_LANGUAGE)

    def __str__(self) -> str:
        return t(self.key, DEFAULT_LANGUAGE)

    def __repr__(self) -> str:
        return f"Term({self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Term) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


def status_term(status: int) -> Term:
    """The status name (e.g. 2 → “Được tiếp nhận”)."""
    return Term(f"sandbox.status.s{int(status)}")


def action_term(action: str) -> Term:
    """The action as a verb phrase (e.g. refuse → “từ chối tiếp nhận”)."""
    return Term(f"sandbox.verb.{action}")


def role_term(role: str) -> Term:
    """The role name from the common catalog (roles.desk_officer → “Cán bộ Bộ phận Một cửa”)."""
    return Term(f"roles.{role}")


class Localized:
    """Text known in both languages (e.g. document names from the catalogue), formatted like a Term."""

    def __init__(self, vi: str, en: str | None = None) -> None:
        self.vi = vi
        self.en = en or vi

    def __format__(self, spec: str) -> str:
        return self.en if spec == "en" else self.vi

    def __str__(self) -> str:
        return self.vi

    def __repr__(self) -> str:
        return f"Localized({self.vi!r}, {self.en!r})"


def money_term(amount: int) -> Localized:
    """An amount in đồng written each language's way: "5.000 ₫" / "5,000 ₫"."""
    from trainer.world.labels import money

    return Localized(f"{money(amount, 'vi')} ₫", f"{money(amount, 'en')} ₫")
