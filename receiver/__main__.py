"""`python -m receiver` starts the service, like `alertgraph serve`."""

import sys

from receiver.cli import main

sys.exit(main(["serve", *sys.argv[1:]]))
