"""Input records: ticket, event, downtime and delivery rows, read into columns, with every row accounted for."""
