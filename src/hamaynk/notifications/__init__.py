"""Notifications: recorded in the outbox in the same transaction as the event they tell of.

Delivery (e-mail, SMS, with retries) reads the outbox; the domain only calls ``notify``.
"""
