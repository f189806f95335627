from requestlint.cli import entry

entry()
