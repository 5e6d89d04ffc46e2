from routing_cli import main

main()
