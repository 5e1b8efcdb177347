"""Who is acting: one small, frozen, picklable value handed to every service.

Two different things are both called "role" (ARCHITECTURE.md, "Who is acting"):
- the **practice role** a trainee plays in the sandbox (công dân, cán bộ Một cửa, chuyên viên, lãnh đạo phòng,
  lãnh đạo đơn vị, nhân viên bưu điện): what the sandbox's transition table checks;
- the **account role** of a signed-in person (administrator, trainer, leader scoped to units); participants have
  no account. Accounts live in `trainer.accounts`; the constants are fixed here so every layer spells them the same way.

It lives at the top of the package (like `trainer.errors`) because the sandbox, below training, needs it.

Public API:
- `Actor(practice_role, trainee_id=None, account_id=None, account_role=None, unit_codes=(), name="")`.
- `Actor.playing(role)`: nobody in particular playing a practice role (tests, the CLI, a scenario's setup).
- `Actor.trainee(role, trainee_id, name="", unit_code=None)`: a participant with a profile.
- `Actor.operator_shell()`: whoever runs `trainer admin` on the server's own shell (may do what an administrator may).
- `actor.as_role(role)`: the same person in another practice role; `is_account`, `is_trainee`, `is_administrator`.
- `PRACTICE_ROLES` (`CITIZEN`, `DESK`, `SPECIALIST`, `OFFICE_HEAD`, `LEADER`, `POSTAL`) and `ACCOUNT_ROLES`
  (`ACCOUNT_ADMINISTRATOR`, `ACCOUNT_TRAINER`, `ACCOUNT_LEADER`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

CITIZEN = "citizen"
DESK = "desk_officer"
SPECIALIST = "specialist"
OFFICE_HEAD = "office_head"
LEADER = "leader"  # lãnh đạo đơn vị, the practice role (not the leader account below)
POSTAL = "postal_worker"
PRACTICE_ROLES = (CITIZEN, DESK, SPECIALIST, OFFICE_HEAD, LEADER, POSTAL)

ACCOUNT_ADMINISTRATOR = "administrator"
ACCOUNT_TRAINER = "trainer"
ACCOUNT_LEADER = "leader"  # a leader account: follows its units' trainees on dashboards
ACCOUNT_ROLES = (ACCOUNT_ADMINISTRATOR, ACCOUNT_TRAINER, ACCOUNT_LEADER)


@dataclass(frozen=True)
class Actor:
    """The person acting in one rerun (or one CLI command, or one test): primitives only, so it pickles.

    `practice_role` is what the sandbox checks; `trainee_id` is the participant's profile (None without one);
    `account_id`/`account_role`/`unit_codes` describe a signed-in account; `name` is for display.
    """

    practice_role: str
    trainee_id: int | None = None
    account_id: int | None = None
    account_role: str | None = None
    unit_codes: tuple[str, ...] = ()
    name: str = ""
    operator: bool = False  # the server's own shell (`trainer admin`), not a person of the product

    def __post_init__(self) -> None:
        if self.practice_role not in PRACTICE_ROLES:
            raise ValueError(f"unknown practice role {self.practice_role!r}; expected one of {PRACTICE_ROLES}")
        if self.account_role is not None and self.account_role not in ACCOUNT_ROLES:
            raise ValueError(f"unknown account role {self.account_role!r}; expected one of {ACCOUNT_ROLES}")
        if (self.account_id is None) != (self.account_role is None):
            raise ValueError("an account needs both its id and its role")
        object.__setattr__(self, "unit_codes", tuple(self.unit_codes))

    @classmethod
    def playing(cls, role: str) -> Actor:
        """Nobody in particular playing `role`: for tests, the CLI and a scenario's setup."""
        return cls(practice_role=role)

    @classmethod
    def trainee(cls, role: str, trainee_id: int | None, *, name: str = "", unit_code: str | None = None) -> Actor:
        """A participant (no account) playing `role`; trainee_id None when they have no profile yet."""
        return cls(practice_role=role, trainee_id=trainee_id, name=name, unit_codes=(unit_code,) if unit_code else ())

    @classmethod
    def operator_shell(cls) -> Actor:
        """Whoever runs `trainer admin` on the server (they could edit the database anyway)."""
        return cls(practice_role=CITIZEN, name="trainer admin", operator=True)

    def as_role(self, role: str) -> Actor:
        """The same person playing another practice role."""
        return replace(self, practice_role=role)

    @property
    def is_account(self) -> bool:
        """Signed in with an account (administrator, trainer or leader)."""
        return self.account_id is not None

    @property
    def is_administrator(self) -> bool:
        """An administrator account, or the server's shell."""
        return self.operator or self.account_role == ACCOUNT_ADMINISTRATOR

    @property
    def is_trainee(self) -> bool:
        """A participant with a trainee profile."""
        return self.trainee_id is not None
