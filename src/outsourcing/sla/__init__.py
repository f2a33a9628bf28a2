"""Service levels: business time, periods, measurement, credits, termination, availability, KPIs, late delivery, assessment and results."""
