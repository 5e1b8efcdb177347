"""Accounts of trainers, leaders and administrators: who a person is in the product and what they may see.

Participants (trainees) never have an account or a password; see `trainer.training`. Modules:
- `models`: the `accounts` and `account_sessions` tables;
- `passwords`: argon2id hashing (argon2-cffi's recommended parameters);
- `services`: every change (create, disable/enable, reset a password, set units, sign in/out, resume a session);
- `queries`: the frozen rows the administrators' page and the shell read (accounts, the audit list).
"""
