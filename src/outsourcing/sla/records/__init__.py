"""Input records: ticket, event, downtime and delivery rows read into columns.

Every row is accounted for: evaluated, excluded with a reason, or invalid with a reason.
"""
