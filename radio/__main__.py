import sys

try:
    from radio.cli import main
except KeyboardInterrupt:  # Ctrl+C while still starting up
    print("Đã dừng theo lệnh.", file=sys.stderr)
    sys.exit(130)

main()
