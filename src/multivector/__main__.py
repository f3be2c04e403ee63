"""``python -m multivector`` runs the command-line interface."""

from multivector.cli.main import main

if __name__ == "__main__":
    main()
