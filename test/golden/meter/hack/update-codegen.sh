#!/usr/bin/env bash
# Regenerates the code made from the types of pkg/apis:
# - what cmd/ is built from: deepcopy functions, conversions from query
#   parameters, OpenAPI definitions and OpenAPI model names for every API
#   package under pkg/apis;
# - the typed clients of pkg/generated (clientset, listers, informers, apply
#   configurations), for programs that talk to the server. Neither the server
#   nor the controller manager imports them.
# The generators come from k8s.io/code-generator and k8s.io/kube-openapi at the
# versions go.mod pins, so nothing needs to be installed. hack/codegen runs them
# all over one load of the packages they read (the slow part of each), with
# the flags of their own commands.
#
# Usage: hack/update-codegen.sh [--no-clients | --clients-only]
#   (no option)     everything; what make generate and apiboot generate run
#   --no-clients    only what cmd/ is built from; apiboot run local --watch
#                   runs this before rebuilding, then --clients-only after
#                   the restart
#   --clients-only  only the typed clients
set -o errexit
set -o nounset
set -o pipefail

api=true
clients=true
case "${1:-}" in
	"") ;;
	--no-clients) clients=false ;;
	--clients-only) api=false ;;
	*)
		echo "usage: $0 [--no-clients | --clients-only]" >&2
		exit 2
		;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

module="$(go list -m)"
boilerplate="hack/boilerplate.go.txt"
# The generators to run, each with its flags and packages, ";" after each.
steps=()

# Every Go package under pkg/apis is an API group version.
mapfile -t api_pkgs < <(go list ./pkg/apis/...)

# Dependencies whose types our API references. openapi-gen needs their
# definitions too, but must not write model name files into the module cache.
readonly_pkgs=(
	k8s.io/apimachinery/pkg/apis/meta/v1
	k8s.io/apimachinery/pkg/api/resource
	k8s.io/apimachinery/pkg/runtime
	k8s.io/apimachinery/pkg/types
	k8s.io/apimachinery/pkg/util/intstr
	k8s.io/apimachinery/pkg/version
	# The scale subresource serves autoscaling/v1 Scale: server-side apply
	# and the published OpenAPI need its definition.
	k8s.io/api/autoscaling/v1
)

if [ "${api}" = true ]; then
	if [ "${#api_pkgs[@]}" -gt 0 ]; then
		steps+=(
			deepcopy-gen
			--go-header-file "${boilerplate}"
			--output-file zz_generated.deepcopy.go
			"${api_pkgs[@]}" ";"
		)
	fi

	# A version whose kinds are all served in that version only has
	# +k8s:conversion-gen=false in its doc.go: no conversions between versions, only
	# those a type asks for with +k8s:conversion-gen:explicit-from=net/url.Values
	# (the server decodes options, such as a connect subresource's, from the query
	# string with them). A version with a kind served in several versions names its
	# group's internal package instead, and gets conversions to it and back.
	# conversion-gen writes nothing for a package without the tag, and only an
	# empty RegisterConversions for one with +k8s:conversion-gen=false and no type
	# asking for a conversion: once that is what such a package has, it is left
	# out, and so is conversion-gen when no package is left.
	conversion_pkgs=()
	for pkg in "${api_pkgs[@]}"; do
		dir="${pkg#"${module}/"}"
		out="${dir}/zz_generated.conversion.go"
		tags="$(grep -hsE --exclude='zz_generated.*' --exclude='*_test.go' '^[[:space:]]*//[[:space:]]*\+k8s:conversion-gen' "${dir}"/*.go | tr -d '[:space:]' | LC_ALL=C sort -u || true)"
		if [ -z "${tags}" ] && [ ! -e "${out}" ]; then
			continue
		fi
		if [ "${tags}" = "//+k8s:conversion-gen=false" ] && [ -e "${out}" ] && ! grep -q '^func Convert_' "${out}"; then
			continue
		fi
		conversion_pkgs+=("${pkg}")
	done
	if [ "${#conversion_pkgs[@]}" -gt 0 ]; then
		steps+=(
			conversion-gen
			--go-header-file "${boilerplate}"
			--output-file zz_generated.conversion.go
			"${conversion_pkgs[@]}" ";"
		)
	fi

	steps+=(
		openapi-gen
		--go-header-file "${boilerplate}"
		--output-dir pkg/generated/openapi
		--output-pkg "${module}/pkg/generated/openapi"
		--output-file zz_generated.openapi.go
		--output-model-name-file zz_generated.model_name.go
		--report-filename hack/api-rule-violations.list
		$(printf -- '--readonly-pkg %s ' "${readonly_pkgs[@]}")
		k8s.io/apimachinery/pkg/apis/meta/v1
		k8s.io/apimachinery/pkg/runtime
		k8s.io/apimachinery/pkg/version
		k8s.io/apimachinery/pkg/api/resource
		k8s.io/api/autoscaling/v1
		"${api_pkgs[@]}" ";"
	)
fi

# Typed clients, as kube_codegen.sh makes them: for each kind of a version
# package (pkg/apis/GROUP/VERSION) whose type carries +genclient, a clientset
# (and its fake), listers, informers and apply configurations under
# pkg/generated. The internal types in pkg/apis/GROUP get none: a client speaks
# a served version. Everything there is generated, so it is made afresh, and a
# kind removed from pkg/apis leaves nothing behind.
mapfile -t client_dirs < <(
	grep -rlE --include='*.go' '^\s*//\s*\+genclient' pkg/apis 2>/dev/null |
		xargs -r -n1 dirname |
		grep -E '^pkg/apis/[^/]+/v[0-9]+((alpha|beta)[0-9]+)?$' |
		LC_ALL=C sort -u || true
)
if [ "${clients}" = true ]; then
	rm -rf pkg/generated/applyconfiguration pkg/generated/clientset pkg/generated/listers pkg/generated/informers
fi
if [ "${clients}" = true ] && [ "${#client_dirs[@]}" -gt 0 ]; then
	client_pkgs=()
	client_inputs=()
	for dir in "${client_dirs[@]}"; do
		client_pkgs+=("${module}/${dir}")
		client_inputs+=(--input "${dir#pkg/apis/}")
	done

	steps+=(
		applyconfiguration-gen
		--go-header-file "${boilerplate}"
		--output-dir pkg/generated/applyconfiguration
		--output-pkg "${module}/pkg/generated/applyconfiguration"
		"${client_pkgs[@]}" ";"
		client-gen
		--go-header-file "${boilerplate}"
		--output-dir pkg/generated/clientset
		--output-pkg "${module}/pkg/generated/clientset"
		--clientset-name versioned
		--apply-configuration-package "${module}/pkg/generated/applyconfiguration"
		--input-base "${module}/pkg/apis"
		"${client_inputs[@]}" ";"
		lister-gen
		--go-header-file "${boilerplate}"
		--output-dir pkg/generated/listers
		--output-pkg "${module}/pkg/generated/listers"
		"${client_pkgs[@]}" ";"
		informer-gen
		--go-header-file "${boilerplate}"
		--output-dir pkg/generated/informers
		--output-pkg "${module}/pkg/generated/informers"
		--versioned-clientset-package "${module}/pkg/generated/clientset/versioned"
		--listers-package "${module}/pkg/generated/listers"
		"${client_pkgs[@]}"
	)
fi

if [ "${#steps[@]}" -gt 0 ]; then
	go run ./hack/codegen "${steps[@]}"
fi
