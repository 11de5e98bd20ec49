from nhrp.cli.app import main

main()
