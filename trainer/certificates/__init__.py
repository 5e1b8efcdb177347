"""Certificates of completion (giấy chứng nhận hoàn thành): issued when a learning path's pass rule is met
(automatically, or by the workshop's trainer, recorded), verifiable by anyone at `/xac-minh?so=SERIAL`, revocable
with a reason by an administrator or the issuing trainer.

They certify completion of a training course on a practice system, never a legal qualification.
Modules: `serials` (not guessable: random part and a check character), `models` (the table), `service`
(issue, revoke, queries: every change one function taking `actor` and `now`).
"""
