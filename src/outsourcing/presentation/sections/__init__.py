"""One module per report section: each turns a domain result into a `Section`."""
