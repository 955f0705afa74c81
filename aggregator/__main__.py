import sys

from aggregator.ops.cli import main

sys.exit(main())
