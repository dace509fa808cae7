"""`python -m lnvideo`: the same as the `lnvideo` command."""

from lnvideo.cli import run

if __name__ == "__main__":
    run()
