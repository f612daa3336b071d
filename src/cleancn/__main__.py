from cleancn.cli import main

main()
