#!/bin/sh
# example-sandbox.sh DIR: make the folders the example guide expects, as
# they look before the upgrade, and print an answers file for them.
set -e
dir=$1
mkdir -p "$dir/app-1.0.0/bin" "$dir/app-1.0.0/logs" "$dir/app-1.0.0/conf" "$dir/app-1.0.0/themes/custom" \
	"$dir/app-2.0.0/bin" "$dir/app-2.0.0/conf" "$dir/app-2.0.0/themes" "$dir/app-2.0.0/dropins" "$dir/backups"
echo "Example App v1.0.0" > "$dir/app-1.0.0/bin/version.txt"
echo "Example App v2.0.0" > "$dir/app-2.0.0/bin/version.txt"
printf '#!/bin/sh\necho "Example App 1.0.0"\n' > "$dir/app-1.0.0/bin/app.sh"
printf '#!/bin/sh\necho "Example App 2.0.0"\n' > "$dir/app-2.0.0/bin/app.sh"
printf '# 1.0.0 settings\n[server]\nport = 18080\nname = "shop"\n' > "$dir/app-1.0.0/conf/app.toml"
printf '# 2.0.0 defaults\n[server]\nport = 8080\n' > "$dir/app-2.0.0/conf/app.toml"
echo "body { color: teal; }" > "$dir/app-1.0.0/themes/custom/theme.css"
echo "2026-11-01 started" > "$dir/app-1.0.0/logs/app.log"
cat > "$dir/app-2.0.0/bin/migrate.sh" <<'EOS'
#!/bin/sh
# The migration script: reads the old home, writes a marker, prints progress.
echo "migrating from $1"
i=1
while [ $i -le 5 ]; do
	echo "table $i of 5 migrated"
	i=$((i + 1))
done
echo "migration warnings: none" >&2
echo "migrated from $1" > migrated.txt
EOS
echo "jar" > "$dir/app-2.0.0/dropins/migration-1.0.jar"
tar -czf "$dir/backups/app-1.0.0.tar.gz" -C "$dir" app-1.0.0
