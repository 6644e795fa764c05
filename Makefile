.PHONY: run test test-postgres migrate revert routes db-up db-down units

run:
	swift run tinhso serve --demo

test:
	scripts/test

test-postgres:
	eval "$$(scripts/start-postgres.sh)"; trap 'scripts/stop-postgres.sh' EXIT; DATABASE_URL="$$DATABASE_URL" scripts/test --filter AppTests

migrate:
	swift run tinhso migrate --yes

revert:
	swift run tinhso migrate --revert --yes

routes:
	swift run tinhso routes

units:
	python3 scripts/export-units.py
