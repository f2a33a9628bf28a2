"""Service levels: business time, periods, measurement, credits, termination and availability.

Also KPIs, late delivery, the assessment and its results, and a portfolio's evaluation.
"""
