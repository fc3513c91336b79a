#!/usr/bin/env python
from uprtc.cli import main

if __name__ == "__main__":
    main()
