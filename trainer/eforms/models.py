"""The format of an e-form definition (tờ khai điện tử) in sandbox_data/eforms/*.yaml, validated by pydantic.

One file is one e-form: the procedures it serves, the legal form it copies, and sections of fields. A section is
either a list of fields or a reused person block (`block: person` from sandbox_data/eforms/blocks.yaml) whose
field names get the section's `prefix` (`mother_` → `mother_full_name`). Only the requester's section may be
pre-filled from the signed-in person's identity (`prefill: identity`); never the child's or the deceased's.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

NAME = r"^[a-z][a-z0-9_]*$"
CODE_PATTERN = r"^(\d\.\d{6}|SB\.\d{4})$"
FieldType = Literal["text", "date", "choice", "number", "id_number", "phone", "address"]
# Citizen attributes a requester's field may be pre-filled from (the mock national population database).
IDENTITY_ATTRIBUTES = ("full_name", "date_of_birth", "gender", "ethnicity", "national_id", "phone", "address",
                       "nationality")
# Built-in choice lists (their labels are in trainer/i18n/*/eforms.yaml, eforms.choice.<list>.<value>).
CHOICE_LISTS: dict[str, tuple[str, ...]] = {
    "gender": ("male", "female"),
    "relation": ("mother", "father", "grandparent", "sibling", "relative", "other"),
    "residence_kind": ("permanent", "temporary"),
    "marital": ("never_married", "married", "divorced", "widowed"),
    "record_kind": ("1", "2"),
    "yes_no": ("yes", "no"),
}
RULES = ("not_future", "adult")  # not after the registration date; at least 18 years old at registration


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Vietnamese (required) and English."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


class Option(Strict):
    value: str = Field(min_length=1, max_length=40)
    label: Text


class Condition(Strict):
    """Shown (and required) only when another field has one of the values."""

    field: str = Field(pattern=NAME)
    equals: list[str] = Field(min_length=1)


class CopyFrom(Strict):
    """The paper in the citizen's data store the value is copied from, and which fact on it."""

    document: str = Field(pattern=NAME, description="a document type of the data store, e.g. birth_notice")
    fact: str = Field(pattern=NAME, description="the fact on it, e.g. child_date_of_birth")


class FieldSpec(Strict):
    """One field of a form (or of a person block)."""

    name: str = Field(pattern=NAME, max_length=40)
    type: FieldType = "text"
    label: Text
    help: Text | None = None
    required: bool = True
    when: Condition | None = None
    choices: list[Option] | None = None
    choices_from: str | None = Field(default=None, description="a built-in list: " + ", ".join(CHOICE_LISTS))
    max_length: int = Field(default=200, ge=1, le=500)
    min: float | None = None
    max: float | None = None
    rules: list[Literal["not_future", "adult"]] = Field(default_factory=list)
    not_before: str | None = Field(default=None, pattern=NAME, description="a date field this one may not precede")
    identity: Literal["full_name", "date_of_birth", "gender", "ethnicity", "national_id", "phone", "address",
                      "nationality"] | None = None
    copy_from: CopyFrom | None = None
    default: str | None = None

    @model_validator(mode="after")
    def _choices_for_choice(self) -> FieldSpec:
        if self.type == "choice" and not (self.choices or self.choices_from):
            raise ValueError("a choice field needs `choices` or `choices_from`")
        if self.type != "choice" and (self.choices or self.choices_from):
            raise ValueError("only a field of type choice has choices")
        if self.choices_from is not None and self.choices_from not in CHOICE_LISTS:
            raise ValueError(f"choices_from must be one of: {', '.join(CHOICE_LISTS)}")
        if self.rules and self.type != "date":
            raise ValueError("rules (not_future, adult) apply to date fields only")
        if self.not_before and self.type != "date":
            raise ValueError("not_before applies to date fields only")
        if (self.min is not None or self.max is not None) and self.type != "number":
            raise ValueError("min and max apply to number fields only")
        return self

    def options(self) -> tuple[str, ...]:
        if self.choices:
            return tuple(o.value for o in self.choices)
        return CHOICE_LISTS.get(self.choices_from or "", ())


class Section(Strict):
    """A part of the form: its own fields, or a person block with a name prefix."""

    id: str = Field(pattern=NAME, max_length=30)
    title: Text
    help: Text | None = None
    fields: list[FieldSpec] = Field(default_factory=list)
    block: str | None = Field(default=None, pattern=NAME, description="a person block of blocks.yaml")
    prefix: str = Field(default="", pattern=r"^([a-z][a-z0-9_]*_)?$", description="e.g. mother_")
    required: bool = True
    when: Condition | None = None
    prefill: Literal["identity"] | None = None
    copy_from: str | None = Field(default=None, pattern=NAME, description="a paper whose facts named like the "
                                  "section's fields (mother_full_name…) they are copied from, e.g. birth_notice")

    @model_validator(mode="after")
    def _fields_or_block(self) -> Section:
        if bool(self.fields) == bool(self.block):
            raise ValueError("a section has either `fields` or a `block`, not both and not neither")
        if self.prefill == "identity" and self.id != "requester":
            raise ValueError("only the requester's section (id: requester) may be pre-filled from the identity; "
                             "never the child's, the deceased's or another person's")
        return self


class LegalForm(Strict):
    """The paper form the e-form copies."""

    name: Text
    number: str | None = Field(default=None, max_length=80, description="e.g. Mẫu CT01")
    source: str = Field(min_length=1, max_length=200, description="the legal text issuing it, with its number")


class EFormFile(Strict):
    """One e-form definition file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,59}$")
    procedures: list[str] = Field(min_length=1)
    title: Text
    legal_form: LegalForm
    intro: Text | None = None
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes(self) -> EFormFile:
        import re

        bad = [c for c in self.procedures if not re.match(CODE_PATTERN, c)]
        if bad:
            raise ValueError(f"not procedure codes such as 1.001193 or SB.0002: {', '.join(bad)}")
        return self


class BlocksFile(Strict):
    """sandbox_data/eforms/blocks.yaml: person blocks reused by the forms (mother, father, spouse, requester…)."""

    blocks: dict[str, list[FieldSpec]] = Field(min_length=1)
