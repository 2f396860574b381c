"""LabelCore webhooks: tell other systems what happened, as Label Studio does.

A webhook belongs to an organization and optionally to one project. Each
event it listens to (Label Studio's catalogue plus LabelCore's own) becomes a
signed POST, delivered by a job with retries and backoff, and every attempt
lands in the webhook's delivery log.
"""
