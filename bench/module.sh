# Sourced by the bench scripts. bench_module ROOT DIR MODULE writes DIR/go.mod
# and DIR/go.sum: module MODULE requiring authctl from the checkout at ROOT
# with all of authctl's requirements, and authctl's go.sum, so that the go
# command builds a config in DIR without asking for `go mod tidy` (and
# without reaching the network when the module cache is warm).
bench_module() {
	local root=$1 dir=$2 module=$3
	{
		printf 'module %s\n\ngo 1.26.8\n\nrequire github.com/authctl/authctl v0.0.0\n\nrequire (\n' "$module"
		go mod edit -json "$root/go.mod" | awk -F'"' '/"Path"/ {p=$4} /"Version"/ {print "\t" p " " $4 " // indirect"}'
		printf ')\n\nreplace github.com/authctl/authctl => %s\n' "$root"
	} > "$dir/go.mod"
	cp "$root/go.sum" "$dir/go.sum"
}
