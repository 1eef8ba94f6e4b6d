"""Notifications: written to the outbox in the same transaction as the event they tell of,
then delivered by e-mail or SMS in the background, with retries.

The domain calls ``services.notify`` (users) or ``services.notify_address`` (an applicant
without an account); ``manage.py db_worker`` runs the deliveries (``tasks``, ``delivery``).
"""
