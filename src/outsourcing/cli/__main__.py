"""``python -m outsourcing.cli``: the command line."""

import sys

from outsourcing.cli.commands import main

sys.exit(main())
