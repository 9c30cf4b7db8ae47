from radio.cli import main

main()
