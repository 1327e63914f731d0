from citylint.cli import main

main()
