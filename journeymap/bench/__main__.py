import sys

from journeymap.bench.run import main

sys.exit(main())
