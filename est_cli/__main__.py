from est_cli.cli import main

main()
