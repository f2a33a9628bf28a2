"""Which outsourcing model a process follows, which one to choose, and how ready it is."""
