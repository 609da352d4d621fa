"""Events reach people: notifications written in the writer's transaction (outbox), mentions, the worker's jobs.

outbox (the before-commit hook turning audit events into notifications), recipients (who hears of what),
mentions (@Name / @ADMIN-CODE), preferences and inbox (what a user reads and chooses), jobs (what
`plenipo worker` does: claim and deliver mail, reminders, deadlines, digests).
"""
