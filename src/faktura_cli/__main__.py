from faktura_cli.cli.app import main

main()
